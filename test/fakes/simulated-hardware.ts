import { PeerLink } from '../../edge/src/adapters/serial/peer-link.js'
import type { EdgeHardware } from '../../edge/src/assembly/edge-hardware.js'
import type { WiegandReaderSettings } from '../../edge/src/config/edge-config.js'
import type { GpioPinFactory } from '../../edge/src/ports/gpio-pin.js'
import type { Clock } from '../../edge/src/ports/clock.js'
import type { Logger } from '../../edge/src/ports/logger.js'
import type { SerialDevice } from '../../firmware-sim/src/serial-device.js'
import { connectInProcess } from '../../firmware-sim/src/transports/in-process-link.js'
import { FaultyLine } from '../../firmware-sim/src/transports/faulty-line.js'
import { FakeWiegandCapture } from './fake-wiegand-capture.js'
import { MemorySecretStore } from './memory-secret-store.js'

/**
 * EdgeHardware whose serial links reach simulated devices in-process: a config link "sim://NAME"
 * connects to the device registered under NAME, behind a FaultyLine the test can unplug. Wiegand
 * readers get a FakeWiegandCapture each, by reader id, for the test to drive edges through.
 */
export class SimulatedHardware implements EdgeHardware {
  readonly clock: Clock
  readonly log: Logger
  readonly gpio: GpioPinFactory | null
  readonly secrets = new MemorySecretStore()
  readonly lines = new Map<string, FaultyLine>()
  readonly wiegandCaptures = new Map<string, FakeWiegandCapture>()
  readonly wiegandCapture = (reader: WiegandReaderSettings): FakeWiegandCapture => {
    const capture = new FakeWiegandCapture()
    this.wiegandCaptures.set(reader.id, capture)
    return capture
  }
  readonly #peers = new Map<string, ReturnType<typeof connectInProcess>>()

  constructor(clock: Clock, log: Logger, devices: Record<string, SerialDevice>, gpio: GpioPinFactory | null = null) {
    this.clock = clock
    this.log = log
    this.gpio = gpio
    for (const [name, device] of Object.entries(devices)) {
      const line = new FaultyLine(device, clock)
      this.lines.set(name, line)
      this.#peers.set(name, connectInProcess(line))
    }
  }

  linkFactory(url: string): () => PeerLink {
    const name = url.replace(/^sim:\/\//, '')
    const peer = this.#peers.get(name)
    if (peer === undefined) throw new Error(`no simulated device named ${name}`)
    return () => new PeerLink(peer, url)
  }

  close(): void {
    for (const peer of this.#peers.values()) peer.close()
  }
}
