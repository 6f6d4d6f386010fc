import type { Clock } from '../clock.js'
import type { SimulatorRig } from '../control/apply-control-command.js'
import { readerConfig } from '../osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../osdp/simulated-osdp-reader.js'
import { SimulatedQrScanner } from '../qr/simulated-qr-scanner.js'
import type { SerialDevice } from '../serial-device.js'
import { SimulatedThermometer } from '../thermometer/simulated-thermometer.js'
import { FaultyLine } from '../transports/faulty-line.js'
import type { SimOptions } from './sim-options.js'

/** The device the options ask for, behind a faulty line (all switches off until asked). */
export function buildRig(options: SimOptions, clock: Clock): { rig: SimulatorRig; line: FaultyLine; device: SerialDevice } {
  switch (options.device) {
    case 'osdp-reader': {
      const reader = new SimulatedOsdpReader(
        readerConfig({
          address: options.address,
          checkCharacter: options.isChecksumOnly ? 'checksum-only' : 'crc',
          replyDelayMs: options.replyDelayMs,
          security: {
            isSupported: true,
            isInstallMode: options.scbk === null,
            scbk: options.scbk,
            isSecureOnly: options.isSecureOnly,
          },
        }),
        clock,
      )
      const line = new FaultyLine(reader, clock)
      return { rig: { clock, reader, line }, line, device: reader }
    }
    case 'thermometer': {
      const thermometer = new SimulatedThermometer({ clock, random: Math.random })
      thermometer.setScenario(options.scenario)
      const line = new FaultyLine(thermometer, clock)
      return { rig: { clock, thermometer, line }, line, device: thermometer }
    }
    case 'qr-scanner': {
      const scanner = new SimulatedQrScanner()
      const line = new FaultyLine(scanner, clock)
      return { rig: { clock, scanner, line }, line, device: scanner }
    }
  }
}
