import { connect, type Socket } from 'node:net'
import type { ByteLink, LinkCloseReason } from '../../ports/byte-link.js'

export interface TcpLinkOptions {
  readonly host: string
  readonly port: number
  readonly connectTimeoutMs: number
}

/** A raw TCP byte stream to a ser2net-style serial server (or the simulator). */
export class TcpLink implements ByteLink {
  readonly #options: TcpLinkOptions
  readonly #dataListeners: ((bytes: Buffer) => void)[] = []
  readonly #closeListeners: ((reason: LinkCloseReason) => void)[] = []
  #socket: Socket | undefined
  #isClosing = false

  constructor(options: TcpLinkOptions) {
    this.#options = options
  }

  get description(): string {
    return `tcp://${this.#options.host}:${this.#options.port}`
  }

  async open(): Promise<void> {
    const socket = connect({ host: this.#options.host, port: this.#options.port })
    socket.setNoDelay(true)
    socket.setKeepAlive(true, 5000)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy()
        reject(Object.assign(new Error(`${this.description}: connect timed out`), { code: 'LINK_OPEN_FAILED' }))
      }, this.#options.connectTimeoutMs)
      socket.once('connect', () => {
        clearTimeout(timer)
        resolve()
      })
      socket.once('error', (error) => {
        clearTimeout(timer)
        reject(Object.assign(error, { code: 'LINK_OPEN_FAILED' }))
      })
    })
    this.#socket = socket
    socket.on('data', (bytes) => this.#dataListeners.forEach((listener) => listener(bytes)))
    socket.on('error', () => socket.destroy())
    socket.on('close', () => {
      if (this.#isClosing) return
      const reason = { code: 'LINK_DISCONNECTED', message: `${this.description} connection closed` }
      this.#closeListeners.forEach((listener) => listener(reason))
    })
  }

  write(bytes: Buffer): void {
    if (this.#socket?.writable) this.#socket.write(bytes)
  }

  async close(): Promise<void> {
    this.#isClosing = true
    const socket = this.#socket
    this.#socket = undefined
    if (socket === undefined || socket.destroyed) return
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve())
      socket.destroy()
    })
  }

  onData(listener: (bytes: Buffer) => void): void {
    this.#dataListeners.push(listener)
  }

  onClose(listener: (reason: LinkCloseReason) => void): void {
    this.#closeListeners.push(listener)
  }
}
