import type { Clock } from '../clock.js'
import type { SerialDevice } from '../serial-device.js'

export type LineFault = 'corrupt' | 'drop' | 'delay' | 'split' | 'garbage' | 'unplugged'

/**
 * Wraps any device with the faults a real serial line has. Each switch is explicit and counted,
 * so a test says exactly what goes wrong: `line.corruptNext = 1` flips the last byte (the check
 * byte in OSDP and the thermometer) of the next transmission.
 */
export class FaultyLine implements SerialDevice {
  readonly #device: SerialDevice
  readonly #clock: Clock
  #transmit: (bytes: Buffer) => void = () => {}
  corruptNext = 0
  dropNext = 0
  /** Every transmission is held back this long: a late reply. */
  delayMs = 0
  /** Transmissions go out one byte at a time, 1 ms apart: split frames. */
  isSplitting = false
  /** Nothing crosses in either direction, as with the cable pulled. */
  isUnplugged = false
  readonly applied: Record<LineFault, number> = { corrupt: 0, drop: 0, delay: 0, split: 0, garbage: 0, unplugged: 0 }

  constructor(device: SerialDevice, clock: Clock) {
    this.#device = device
    this.#clock = clock
  }

  attach(transmit: (bytes: Buffer) => void): void {
    this.#transmit = transmit
    this.#device.attach((bytes) => this.#fromDevice(bytes))
  }

  receive(bytes: Buffer): void {
    if (this.isUnplugged) {
      this.applied.unplugged++
      return
    }
    this.#device.receive(bytes)
  }

  start(): void {
    this.#device.start()
  }

  stop(): void {
    this.#device.stop()
  }

  /** Sends bytes that no device meant to send: line noise on the host's receive side. */
  injectGarbage(bytes: Buffer): void {
    this.applied.garbage++
    this.#transmit(bytes)
  }

  #fromDevice(bytes: Buffer): void {
    if (this.isUnplugged) {
      this.applied.unplugged++
      return
    }
    if (this.dropNext > 0) {
      this.dropNext--
      this.applied.drop++
      return
    }
    let out = bytes
    if (this.corruptNext > 0 && bytes.length > 0) {
      this.corruptNext--
      this.applied.corrupt++
      out = Buffer.from(bytes)
      out[out.length - 1] = out[out.length - 1]! ^ 0x5a
    }
    if (this.delayMs > 0) {
      this.applied.delay++
      this.#clock.setTimeout(() => this.#send(out), this.delayMs)
    } else this.#send(out)
  }

  #send(bytes: Buffer): void {
    if (!this.isSplitting || bytes.length < 2) return this.#transmit(bytes)
    this.applied.split++
    bytes.forEach((byte, index) => this.#clock.setTimeout(() => this.#transmit(Buffer.of(byte)), index))
  }
}
