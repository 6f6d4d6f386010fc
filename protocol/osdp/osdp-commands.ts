import { OsdpCommandCode, nameOf } from './osdp-codes.js'
import {
  decodeLedRecord,
  decodeOutputRecord,
  encodeLedRecord,
  encodeOutputRecord,
  LED_RECORD_LENGTH,
  OUTPUT_RECORD_LENGTH,
  type LedControl,
  type OutputControl,
} from './osdp-control-records.js'
import { fromTenths, toTenths, type MessageDecodeResult } from './osdp-message-result.js'

export type BuzzerTone = 'none' | 'off' | 'default'

export type TextCommand = 'permanent' | 'permanent-wrap' | 'temporary' | 'temporary-wrap'

/** Host → PD commands, OSDP v2.2 §6. Times are milliseconds; the wire carries 100 ms units. */
export type OsdpCommand =
  | { readonly type: 'POLL' }
  | { readonly type: 'ID' }
  | { readonly type: 'CAP' }
  | { readonly type: 'LSTAT' }
  | { readonly type: 'ISTAT' }
  | { readonly type: 'OSTAT' }
  | { readonly type: 'RSTAT' }
  | { readonly type: 'OUT'; readonly outputs: readonly OutputControl[] }
  | { readonly type: 'LED'; readonly leds: readonly LedControl[] }
  | {
      readonly type: 'BUZ'
      readonly reader: number
      readonly tone: BuzzerTone
      readonly onMs: number
      readonly offMs: number
      readonly count: number
    }
  | {
      readonly type: 'TEXT'
      readonly reader: number
      readonly command: TextCommand
      readonly temporarySeconds: number
      readonly row: number
      readonly column: number
      readonly text: string
    }
  | { readonly type: 'COMSET'; readonly address: number; readonly baudRate: number }
  | { readonly type: 'KEYSET'; readonly keyType: number; readonly key: Buffer }
  | { readonly type: 'CHLNG'; readonly rndA: Buffer }
  | { readonly type: 'SCRYPT'; readonly serverCryptogram: Buffer }

export interface EncodedMessage {
  readonly code: number
  readonly data: Buffer
}

const TONES: readonly BuzzerTone[] = ['none', 'off', 'default']
const TEXT_COMMANDS: readonly TextCommand[] = ['permanent', 'permanent-wrap', 'temporary', 'temporary-wrap']

export function encodeOsdpCommand(command: OsdpCommand): EncodedMessage {
  const code = OsdpCommandCode[command.type]
  switch (command.type) {
    case 'POLL':
    case 'LSTAT':
    case 'ISTAT':
    case 'OSTAT':
    case 'RSTAT':
      return { code, data: Buffer.alloc(0) }
    case 'ID':
    case 'CAP':
      // OSDP v2.2 §6.2/§6.3: one byte, 0x00 = "send standard reply".
      return { code, data: Buffer.of(0) }
    case 'OUT':
      return { code, data: Buffer.concat(command.outputs.map(encodeOutputRecord)) }
    case 'LED':
      return { code, data: Buffer.concat(command.leds.map(encodeLedRecord)) }
    case 'BUZ':
      return {
        code,
        data: Buffer.of(
          byte(command.reader),
          TONES.indexOf(command.tone),
          toTenths(command.onMs),
          toTenths(command.offMs),
          byte(command.count),
        ),
      }
    case 'TEXT': {
      const text = Buffer.from(command.text, 'latin1')
      const header = Buffer.of(
        byte(command.reader),
        TEXT_COMMANDS.indexOf(command.command) + 1,
        byte(command.temporarySeconds),
        byte(command.row),
        byte(command.column),
        byte(text.length),
      )
      return { code, data: Buffer.concat([header, text]) }
    }
    case 'COMSET': {
      const data = Buffer.alloc(5)
      data[0] = command.address & 0x7f
      data.writeUInt32LE(command.baudRate, 1)
      return { code, data }
    }
    case 'KEYSET':
      return { code, data: Buffer.concat([Buffer.of(byte(command.keyType), byte(command.key.length)), command.key]) }
    case 'CHLNG':
      return { code, data: fixed(command.rndA, 8, 'RND.A') }
    case 'SCRYPT':
      return { code, data: fixed(command.serverCryptogram, 16, 'server cryptogram') }
  }
}

export function decodeOsdpCommand(code: number, data: Buffer): MessageDecodeResult<OsdpCommand> {
  const name = nameOf(OsdpCommandCode, code)
  if (name === undefined) return { ok: false, code: 'UNKNOWN_COMMAND', message: `unknown command 0x${hex(code)}` }
  const bad = (expected: string) =>
    ({ ok: false, code: 'BAD_LENGTH', message: `${name} expects ${expected} data bytes, got ${data.length}` }) as const
  switch (name) {
    case 'POLL':
    case 'LSTAT':
    case 'ISTAT':
    case 'OSTAT':
    case 'RSTAT':
      return data.length === 0 ? { ok: true, value: { type: name } } : bad('0')
    case 'ID':
    case 'CAP':
      return data.length === 1 ? { ok: true, value: { type: name } } : bad('1')
    case 'OUT':
      if (data.length === 0 || data.length % OUTPUT_RECORD_LENGTH !== 0) return bad('a multiple of 4')
      return { ok: true, value: { type: 'OUT', outputs: records(data, OUTPUT_RECORD_LENGTH, decodeOutputRecord) } }
    case 'LED':
      if (data.length === 0 || data.length % LED_RECORD_LENGTH !== 0) return bad('a multiple of 14')
      return { ok: true, value: { type: 'LED', leds: records(data, LED_RECORD_LENGTH, decodeLedRecord) } }
    case 'BUZ': {
      if (data.length !== 5) return bad('5')
      const tone = TONES[data[1]!]
      if (tone === undefined) return { ok: false, code: 'BAD_VALUE', message: `unknown tone ${data[1]}` }
      const [reader, , on, off, count] = data
      return {
        ok: true,
        value: { type: 'BUZ', reader: reader!, tone, onMs: fromTenths(on!), offMs: fromTenths(off!), count: count! },
      }
    }
    case 'TEXT':
      return decodeText(data)
    case 'COMSET':
      if (data.length !== 5) return bad('5')
      return { ok: true, value: { type: 'COMSET', address: data[0]!, baudRate: data.readUInt32LE(1) } }
    case 'KEYSET':
      if (data.length < 2 || data.length !== 2 + data[1]!) return bad('2 + key length')
      return { ok: true, value: { type: 'KEYSET', keyType: data[0]!, key: Buffer.from(data.subarray(2)) } }
    case 'CHLNG':
      return data.length === 8 ? { ok: true, value: { type: 'CHLNG', rndA: Buffer.from(data) } } : bad('8')
    case 'SCRYPT':
      return data.length === 16 ? { ok: true, value: { type: 'SCRYPT', serverCryptogram: Buffer.from(data) } } : bad('16')
  }
}

function decodeText(data: Buffer): MessageDecodeResult<OsdpCommand> {
  if (data.length < 6 || data.length !== 6 + data[5]!) {
    return { ok: false, code: 'BAD_LENGTH', message: `TEXT length ${data.length} does not match its text length` }
  }
  const command = TEXT_COMMANDS[data[1]! - 1]
  if (command === undefined) return { ok: false, code: 'BAD_VALUE', message: `unknown text command ${data[1]}` }
  return {
    ok: true,
    value: {
      type: 'TEXT',
      reader: data[0]!,
      command,
      temporarySeconds: data[2]!,
      row: data[3]!,
      column: data[4]!,
      text: data.subarray(6).toString('latin1'),
    },
  }
}

function records<T>(data: Buffer, size: number, decode: (record: Buffer) => T): T[] {
  const out: T[] = []
  for (let offset = 0; offset < data.length; offset += size) out.push(decode(data.subarray(offset, offset + size)))
  return out
}

function byte(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw Object.assign(new Error(`${value} does not fit in one byte`), { code: 'VALUE_OUT_OF_RANGE' })
  }
  return value
}

function fixed(bytes: Buffer, length: number, what: string): Buffer {
  if (bytes.length !== length) {
    throw Object.assign(new Error(`${what} must be ${length} bytes, got ${bytes.length}`), { code: 'VALUE_OUT_OF_RANGE' })
  }
  return bytes
}

function hex(code: number): string {
  return code.toString(16).padStart(2, '0').toUpperCase()
}
