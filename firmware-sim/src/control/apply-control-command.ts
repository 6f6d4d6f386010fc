import { H10301, WIEGAND_34 } from '../../../protocol/wiegand/wiegand-format.js'
import type { Clock } from '../clock.js'
import type { SimulatedDoorBoard } from '../gpio/simulated-door-board.js'
import type { SimulatedOsdpReader } from '../osdp/simulated-osdp-reader.js'
import type { SimulatedQrScanner } from '../qr/simulated-qr-scanner.js'
import type { SimulatedThermometer } from '../thermometer/simulated-thermometer.js'
import type { FaultyLine } from '../transports/faulty-line.js'
import { CONTROL_HELP, type ControlCommand } from './control-command.js'

export interface RigTransport {
  unplug(): void | Promise<void>
  replug(): void | Promise<void>
}

/** The devices one simulator process plays, and the line and transport they sit behind. */
export interface SimulatorRig {
  readonly clock: Clock
  readonly reader?: SimulatedOsdpReader
  readonly thermometer?: SimulatedThermometer
  readonly scanner?: SimulatedQrScanner
  readonly doorBoard?: SimulatedDoorBoard
  readonly line?: FaultyLine
  readonly transport?: RigTransport
}

const EXIT_BUTTON_HOLD_MS = 1000

/** Carries out one control command; the answer is one line starting with "ok" or "error". */
export async function applyControlCommand(rig: SimulatorRig, command: ControlCommand): Promise<string> {
  const missing = (device: string) => `error: this simulator has no ${device}`
  const { reader, thermometer, scanner, doorBoard, line, transport } = rig
  switch (command.kind) {
    case 'card': {
      if (reader === undefined) return missing('card reader')
      const isQueued = reader.presentCard(command, command.format === 'w34' ? WIEGAND_34 : H10301)
      return isQueued ? `ok card ${command.facility}/${command.card}` : 'error: reader event queue full'
    }
    case 'bits':
      if (reader === undefined) return missing('card reader')
      return reader.presentBits(command.bits) ? `ok ${command.bits.length} bits` : 'error: reader event queue full'
    case 'pin':
      if (reader === undefined) return missing('keypad')
      return reader.typeKeys(command.keys) ? 'ok keys' : 'error: reader event queue full'
    case 'exit':
      if (reader === undefined && doorBoard === undefined) return missing('exit button')
      reader?.setInput(1, true)
      doorBoard?.pressExitButton()
      rig.clock.setTimeout(() => {
        reader?.setInput(1, false)
        doorBoard?.releaseExitButton()
      }, EXIT_BUTTON_HOLD_MS)
      return 'ok exit button pressed'
    case 'door':
    case 'force': {
      if (reader === undefined && doorBoard === undefined) return missing('door contact')
      const isOpen = command.kind === 'force' || command.isOpen
      reader?.setInput(0, isOpen)
      if (isOpen) doorBoard?.openDoor()
      else doorBoard?.closeDoor()
      return `ok door ${isOpen ? 'open' : 'closed'}`
    }
    case 'tamper':
      if (reader === undefined) return missing('card reader')
      reader.setTamper(command.isOn)
      return `ok tamper ${command.isOn ? 'on' : 'off'}`
    case 'power':
      if (reader === undefined) return missing('card reader')
      reader.setPowerFailure(command.hasFailed)
      return `ok power ${command.hasFailed ? 'failed' : 'ok'}`
    case 'temp':
      if (thermometer === undefined) return missing('thermometer')
      thermometer.setSubject(command.celsius)
      return command.celsius === null ? 'ok no one in front' : `ok forehead ${command.celsius} °C`
    case 'ambient':
      if (thermometer === undefined) return missing('thermometer')
      thermometer.setAmbient(command.celsius)
      return `ok ambient ${command.celsius} °C`
    case 'scenario':
      if (thermometer === undefined) return missing('thermometer')
      thermometer.setScenario(command.name)
      return `ok scenario ${command.name}`
    case 'qr':
      if (scanner === undefined) return missing('QR scanner')
      scanner.scan(command.text)
      return 'ok scanned'
    case 'unplug':
    case 'replug':
      if (transport === undefined) return missing('pluggable transport')
      await transport[command.kind]()
      return `ok ${command.kind}ged`
    case 'fault':
      return applyFault(rig, line, command)
    case 'status':
      return `ok ${JSON.stringify(statusOf(rig))}`
    case 'help':
      return `ok ${CONTROL_HELP}`
  }
}

function applyFault(rig: SimulatorRig, line: FaultyLine | undefined, command: Extract<ControlCommand, { kind: 'fault' }>): string {
  if (command.fault === 'busy') {
    if (rig.reader === undefined) return 'error: this simulator has no OSDP reader'
    rig.reader.busyReplies += command.count
    return `ok next ${command.count} replies BUSY`
  }
  if (line === undefined) return 'error: this simulator has no faulty line'
  switch (command.fault) {
    case 'corrupt':
      line.corruptNext += command.count
      break
    case 'drop':
      line.dropNext += command.count
      break
    case 'delay':
      line.delayMs = command.ms
      break
    case 'split':
      line.isSplitting = command.isOn
      break
    case 'garbage':
      line.injectGarbage(command.bytes)
      break
  }
  return `ok fault ${command.fault}`
}

function statusOf(rig: SimulatorRig): Record<string, unknown> {
  return {
    ...(rig.reader && {
      reader: {
        address: rig.reader.address,
        outputs: rig.reader.door.outputs,
        inputs: rig.reader.inputs,
        queuedEvents: rig.reader.events.length,
        droppedEvents: rig.reader.events.droppedEvents,
        deliveredCards: rig.reader.deliveredCards,
        // Output 0 drives the lock: energising opens a fail-secure strike, releasing opens a fail-safe maglock.
        output0Energised: rig.reader.door.outputTrace.filter((change) => change.output === 0 && change.isActive).length,
        output0Released: rig.reader.door.outputTrace.filter((change) => change.output === 0 && !change.isActive).length,
        isSecure: rig.reader.secure.isActive,
        decodeErrors: rig.reader.errorCounts.toJSON(),
      },
    }),
    ...(rig.thermometer && { thermometer: { mode: rig.thermometer.mode, frames: rig.thermometer.framesTransmitted } }),
    ...(rig.scanner && { scanner: { lines: rig.scanner.linesTransmitted } }),
    ...(rig.doorBoard && { doorBoard: { isLocked: rig.doorBoard.isLocked, isDoorOpen: rig.doorBoard.isDoorOpen } }),
    ...(rig.line && { faults: rig.line.applied }),
  }
}
