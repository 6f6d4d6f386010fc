import type { SerialDevice } from '../serial-device.js'

/**
 * An RS-485 multi-drop bus: every device hears every byte the host sends, and whatever any device
 * transmits reaches the host. Addressing is each device's own business, as on a real bus.
 */
export class MultiDropBus implements SerialDevice {
  readonly #devices: readonly SerialDevice[]

  constructor(devices: readonly SerialDevice[]) {
    this.#devices = devices
  }

  attach(transmit: (bytes: Buffer) => void): void {
    for (const device of this.#devices) device.attach(transmit)
  }

  receive(bytes: Buffer): void {
    for (const device of this.#devices) device.receive(bytes)
  }

  start(): void {
    for (const device of this.#devices) device.start()
  }

  stop(): void {
    for (const device of this.#devices) device.stop()
  }
}
