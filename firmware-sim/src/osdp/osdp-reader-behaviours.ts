import type { OsdpCommand } from '../../../protocol/osdp/osdp-commands.js'
import type { OsdpReply } from '../../../protocol/osdp/osdp-replies.js'
import { capabilitiesOf, type OsdpReaderConfig } from './osdp-reader-config.js'
import type { DoorControllerState } from './door-controller-state.js'

/** What a behaviour may see and touch of the reader it runs in. */
export interface ReaderContext {
  readonly config: OsdpReaderConfig
  readonly door: DoorControllerState
  readonly inputs: readonly boolean[]
  readonly isTampered: boolean
  readonly hasPowerFailure: boolean
  readonly nowMs: number
  /** The oldest queued card read, keypad entry or status change, if any. */
  takeEvent(): OsdpReply | undefined
  setKey(keyType: number, key: Buffer): boolean
  /** COMSET takes effect after the COM reply has gone out. */
  scheduleComset(address: number, baudRate: number): void
}

type Behaviour<T extends OsdpCommand['type']> = (
  reader: ReaderContext,
  command: Extract<OsdpCommand, { type: T }>,
) => OsdpReply

const ACK: OsdpReply = { type: 'ACK' }
const nak = (reason: 'RECORD' | 'SC_CONDITIONS'): OsdpReply => ({ type: 'NAK', reason, detail: Buffer.alloc(0) })

/**
 * How a door controller answers each plaintext-decoded command (OSDP v2.2 §6–§7). CHLNG and
 * SCRYPT are not here: the secure channel handles them before any behaviour runs.
 */
export const osdpReaderBehaviours: { [T in OsdpCommand['type']]?: Behaviour<T> } = {
  // OSDP v2.2 §6.1: a POLL is answered with queued activity, or ACK when there is none.
  POLL: (reader) => reader.takeEvent() ?? ACK,
  ID: (reader) => ({ type: 'PDID', ...reader.config.identity }),
  CAP: (reader) => ({ type: 'PDCAP', capabilities: capabilitiesOf(reader.config) }),
  LSTAT: (reader) => ({ type: 'LSTATR', isTampered: reader.isTampered, hasPowerFailure: reader.hasPowerFailure }),
  ISTAT: (reader) => ({ type: 'ISTATR', inputs: reader.inputs }),
  OSTAT: (reader) => ({ type: 'OSTATR', outputs: reader.door.outputs }),
  RSTAT: () => ({ type: 'RSTATR', readers: [0] }),
  OUT: (reader, command) => {
    if (command.outputs.some((control) => control.output >= reader.config.outputCount)) return nak('RECORD')
    for (const control of command.outputs) reader.door.applyOutput(control)
    return { type: 'OSTATR', outputs: reader.door.outputs }
  },
  LED: (reader, command) => {
    if (command.leds.some((led) => led.reader !== 0 || led.led >= reader.config.ledCount)) return nak('RECORD')
    for (const led of command.leds) reader.door.leds.set(led.led, led)
    return ACK
  },
  BUZ: (reader, command) => {
    if (command.reader !== 0) return nak('RECORD')
    const { tone, onMs, offMs, count } = command
    reader.door.buzzer = { tone, onMs, offMs, count, atMs: reader.nowMs }
    return ACK
  },
  TEXT: (reader, command) => {
    if (command.reader !== 0) return nak('RECORD')
    reader.door.text = command.text
    return ACK
  },
  COMSET: (reader, command) => {
    reader.scheduleComset(command.address, command.baudRate)
    return { type: 'COM', address: command.address, baudRate: command.baudRate }
  },
  KEYSET: (reader, command) => (reader.setKey(command.keyType, command.key) ? ACK : nak('SC_CONDITIONS')),
}
