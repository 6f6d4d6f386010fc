import { H10301, WIEGAND_34, WIEGAND_34_UID } from '../../../protocol/wiegand/wiegand-format.js'
import { OsdpControlPanel, defaultOsdpControlPanelOptions } from '../adapters/osdp/osdp-control-panel.js'
import { QrScannerDriver } from '../adapters/qr/qr-scanner-driver.js'
import { ThermometerDriver, defaultThermometerDriverOptions } from '../adapters/thermometer/thermometer-driver.js'
import type { EdgeConfig } from '../config/edge-config.js'
import { ResilientLink } from '../services/resilient-link.js'
import type { EdgeHardware } from './edge-hardware.js'

const RECONNECT = { initialRetryMs: 250, maxRetryMs: 10_000 }

/** Every serial device the config names, each on its own resilient link. */
export class SerialDevices {
  readonly links: ResilientLink[] = []
  readonly panels = new Map<string, OsdpControlPanel>()
  /** Reader name → the control panel of its bus. */
  readonly panelOfReader = new Map<string, OsdpControlPanel>()
  readonly thermometers = new Map<string, ThermometerDriver>()
  readonly scanners = new Map<string, QrScannerDriver>()

  constructor(config: EdgeConfig, hardware: EdgeHardware) {
    const { clock, log } = hardware
    for (const bus of config.osdpBuses) {
      const busLog = log.child({ component: 'osdp', bus: bus.id })
      const link = new ResilientLink(hardware.linkFactory(bus.link, bus.baudRate), clock, busLog, RECONNECT)
      const panel = new OsdpControlPanel(link, bus.readers, hardware.secrets, clock, busLog, {
        ...defaultOsdpControlPanelOptions,
        pollIntervalMs: bus.pollIntervalMs,
        baudRate: bus.baudRate,
        wiegandFormats: [H10301, WIEGAND_34, WIEGAND_34_UID],
      })
      this.links.push(link)
      this.panels.set(bus.id, panel)
      for (const reader of bus.readers) this.panelOfReader.set(reader.name, panel)
    }
    for (const thermometer of config.thermometers) {
      const deviceLog = log.child({ component: 'thermometer', device: thermometer.id })
      const link = new ResilientLink(hardware.linkFactory(thermometer.link, thermometer.baudRate), clock, deviceLog, RECONNECT)
      this.links.push(link)
      this.thermometers.set(
        thermometer.id,
        new ThermometerDriver(link, clock, deviceLog, { ...defaultThermometerDriverOptions, mode: thermometer.mode, staleAfterMs: thermometer.staleAfterMs }),
      )
    }
    for (const scanner of config.qrScanners) {
      const deviceLog = log.child({ component: 'qr-scanner', device: scanner.id })
      const link = new ResilientLink(hardware.linkFactory(scanner.link, scanner.baudRate), clock, deviceLog, RECONNECT)
      this.links.push(link)
      this.scanners.set(scanner.id, new QrScannerDriver(link, clock, deviceLog, scanner.maxLineLength))
    }
  }

  start(): void {
    for (const thermometer of this.thermometers.values()) thermometer.start()
    for (const scanner of this.scanners.values()) scanner.start()
    for (const panel of this.panels.values()) panel.start()
    for (const link of this.links) link.start()
  }

  async stop(): Promise<void> {
    for (const panel of this.panels.values()) panel.stop()
    for (const thermometer of this.thermometers.values()) thermometer.stop()
    await Promise.all(this.links.map((link) => link.stop()))
  }
}
