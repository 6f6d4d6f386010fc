import type { ByteLink, LinkCloseReason } from '../../ports/byte-link.js'

/** Anything that carries bytes both ways in memory, such as the simulator's in-process link. */
export interface BytePeer {
  write(bytes: Buffer): void
  onData(listener: (bytes: Buffer) => void): void
}

/** A link to an in-memory peer: for tests and the single-box demo. */
export class PeerLink implements ByteLink {
  readonly description: string
  readonly #peer: BytePeer
  readonly #dataListeners: ((bytes: Buffer) => void)[] = []
  #isOpen = false
  #isSubscribed = false

  constructor(peer: BytePeer, description = 'in-memory') {
    this.#peer = peer
    this.description = description
  }

  async open(): Promise<void> {
    this.#isOpen = true
    if (this.#isSubscribed) return
    this.#isSubscribed = true
    this.#peer.onData((bytes) => {
      if (this.#isOpen) this.#dataListeners.forEach((listener) => listener(bytes))
    })
  }

  write(bytes: Buffer): void {
    if (this.#isOpen) this.#peer.write(bytes)
  }

  async close(): Promise<void> {
    this.#isOpen = false
  }

  onData(listener: (bytes: Buffer) => void): void {
    this.#dataListeners.push(listener)
  }

  onClose(_listener: (reason: LinkCloseReason) => void): void {}
}
