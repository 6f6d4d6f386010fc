import { encodeQrLine, type QrLineTerminator } from '../../../protocol/qr/qr-line.js'
import type { SerialDevice } from '../serial-device.js'

export interface SimulatedQrScannerOptions {
  /** The scanner's configured suffix. */
  readonly terminator?: QrLineTerminator
}

/**
 * Device side of a serial QR/barcode scanner: each scan is one ASCII line with the configured
 * terminator. Scanners in our setup take no commands over the data line, so whatever the host
 * writes is only counted.
 */
export class SimulatedQrScanner implements SerialDevice {
  readonly #options: SimulatedQrScannerOptions
  #transmit: ((bytes: Buffer) => void) | null = null
  #isRunning = false
  #receivedBytes = 0
  #linesTransmitted = 0

  constructor(options: SimulatedQrScannerOptions = {}) {
    this.#options = options
  }

  /** Bytes the host wrote, all ignored. */
  get receivedBytes(): number {
    return this.#receivedBytes
  }

  get linesTransmitted(): number {
    return this.#linesTransmitted
  }

  attach(transmit: (bytes: Buffer) => void): void {
    this.#transmit = transmit
  }

  start(): void {
    this.#isRunning = true
  }

  stop(): void {
    this.#isRunning = false
  }

  receive(bytes: Buffer): void {
    this.#receivedBytes += bytes.length
  }

  /**
   * Transmits `text` as one scanned line; a stopped scanner sends nothing. Throws the encoder's
   * coded error (EMPTY_LINE, NON_PRINTABLE, LINE_TOO_LONG) for text a scanner would not send.
   */
  scan(text: string): void {
    const line = encodeQrLine(text, this.#options.terminator ?? '\r\n')
    if (!this.#isRunning) return
    this.#linesTransmitted++
    this.#transmit?.(line)
  }

  /** Transmits bytes as they are, for tests of noise and misconfigured scanners. */
  scanRaw(bytes: Uint8Array): void {
    if (!this.#isRunning) return
    this.#transmit?.(Buffer.from(bytes))
  }
}
