import { SerialPort } from 'serialport'
import type { ByteLink, LinkCloseReason } from '../../ports/byte-link.js'

export interface SerialPortLinkOptions {
  readonly path: string
  readonly baudRate: number
}

/**
 * A serial port through serialport, opened exclusively (`lock: true`) so no other process can
 * interleave bytes on the bus. A failed read or write closes the port; that is how an unplugged
 * USB adapter shows itself (`err.disconnected`), and the link reports it once through onClose.
 */
export class SerialPortLink implements ByteLink {
  readonly #options: SerialPortLinkOptions
  readonly #dataListeners: ((bytes: Buffer) => void)[] = []
  readonly #closeListeners: ((reason: LinkCloseReason) => void)[] = []
  #port: SerialPort | undefined
  #isClosing = false

  constructor(options: SerialPortLinkOptions) {
    this.#options = options
  }

  get description(): string {
    return `${this.#options.path} @ ${this.#options.baudRate}`
  }

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.#options.path, baudRate: this.#options.baudRate, autoOpen: false, lock: true })
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error ? reject(Object.assign(error, { code: 'LINK_OPEN_FAILED' })) : resolve())),
    )
    this.#port = port
    port.on('data', (bytes: Buffer) => this.#dataListeners.forEach((listener) => listener(bytes)))
    port.on('error', () => {})
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      if (this.#isClosing) return
      const reason = error?.disconnected
        ? { code: 'LINK_DISCONNECTED', message: `${this.description} was disconnected` }
        : { code: 'LINK_CLOSED', message: error?.message ?? `${this.description} closed` }
      this.#closeListeners.forEach((listener) => listener(reason))
    })
  }

  write(bytes: Buffer): void {
    const port = this.#port
    if (port === undefined || !port.isOpen) return
    port.write(bytes, (error) => {
      // A write to an unplugged adapter fails with EIO; closing surfaces it as a disconnect.
      if (error && port.isOpen) port.close()
    })
  }

  async close(): Promise<void> {
    this.#isClosing = true
    const port = this.#port
    this.#port = undefined
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()))
  }

  onData(listener: (bytes: Buffer) => void): void {
    this.#dataListeners.push(listener)
  }

  onClose(listener: (reason: LinkCloseReason) => void): void {
    this.#closeListeners.push(listener)
  }
}
