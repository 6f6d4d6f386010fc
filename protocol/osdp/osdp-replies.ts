import { OsdpNakReason, OsdpReplyCode, nameOf, type OsdpNakReasonName } from './osdp-codes.js'
import type { EncodedMessage } from './osdp-commands.js'
import type { MessageDecodeResult } from './osdp-message-result.js'
import type { PdCapability } from './osdp-pd-capability.js'

export interface PdIdentity {
  /** IEEE OUI, 3 bytes. */
  readonly vendorCode: Buffer
  readonly model: number
  readonly version: number
  readonly serialNumber: number
  readonly firmware: { readonly major: number; readonly minor: number; readonly build: number }
}

/** osdp_RAW format byte: 0 = raw bits, 1 = Wiegand with parity (OSDP v2.2 §7.10). */
export type RawCardFormat = 'raw' | 'wiegand'

/** PD → host replies, OSDP v2.2 §7. */
export type OsdpReply =
  | { readonly type: 'ACK' }
  | { readonly type: 'NAK'; readonly reason: OsdpNakReasonName | number; readonly detail: Buffer }
  | ({ readonly type: 'PDID' } & PdIdentity)
  | { readonly type: 'PDCAP'; readonly capabilities: readonly PdCapability[] }
  | { readonly type: 'LSTATR'; readonly isTampered: boolean; readonly hasPowerFailure: boolean }
  | { readonly type: 'ISTATR'; readonly inputs: readonly boolean[] }
  | { readonly type: 'OSTATR'; readonly outputs: readonly boolean[] }
  /** Per reader: 0 normal, 1 not connected, 2 tamper. */
  | { readonly type: 'RSTATR'; readonly readers: readonly number[] }
  /** Card bits left-justified, MSB first, zero-padded (libosdp issue #87). */
  | { readonly type: 'RAW'; readonly reader: number; readonly format: RawCardFormat; readonly bitCount: number; readonly data: Buffer }
  /** '#' and '*' travel as 0x0D and 0x7F (OSDP v2.2 §7.11). */
  | { readonly type: 'KEYPAD'; readonly reader: number; readonly keys: string }
  | { readonly type: 'COM'; readonly address: number; readonly baudRate: number }
  | { readonly type: 'BUSY' }
  | { readonly type: 'CCRYPT'; readonly clientUid: Buffer; readonly rndB: Buffer; readonly clientCryptogram: Buffer }
  | { readonly type: 'RMAC_I'; readonly initialRmac: Buffer }

const KEY_TO_WIRE: Record<string, number> = { '#': 0x0d, '*': 0x7f }
const WIRE_TO_KEY: Record<number, string> = { 0x0d: '#', 0x7f: '*' }

export function encodeOsdpReply(reply: OsdpReply): EncodedMessage {
  const code = OsdpReplyCode[reply.type]
  switch (reply.type) {
    case 'ACK':
    case 'BUSY':
      return { code, data: Buffer.alloc(0) }
    case 'NAK': {
      const reason = typeof reply.reason === 'number' ? reply.reason : OsdpNakReason[reply.reason]
      return { code, data: Buffer.concat([Buffer.of(reason), reply.detail]) }
    }
    case 'PDID': {
      const data = Buffer.alloc(12)
      reply.vendorCode.copy(data, 0, 0, 3)
      data[3] = reply.model
      data[4] = reply.version
      data.writeUInt32LE(reply.serialNumber >>> 0, 5)
      data[9] = reply.firmware.major
      data[10] = reply.firmware.minor
      data[11] = reply.firmware.build
      return { code, data }
    }
    case 'PDCAP':
      return { code, data: Buffer.from(reply.capabilities.flatMap((c) => [c.functionCode, c.compliance, c.count])) }
    case 'LSTATR':
      return { code, data: Buffer.of(reply.isTampered ? 1 : 0, reply.hasPowerFailure ? 1 : 0) }
    case 'ISTATR':
      return { code, data: Buffer.from(reply.inputs.map(Number)) }
    case 'OSTATR':
      return { code, data: Buffer.from(reply.outputs.map(Number)) }
    case 'RSTATR':
      return { code, data: Buffer.from(reply.readers) }
    case 'RAW': {
      const header = Buffer.of(reply.reader, reply.format === 'wiegand' ? 1 : 0, 0, 0)
      header.writeUInt16LE(reply.bitCount, 2)
      return { code, data: Buffer.concat([header, reply.data]) }
    }
    case 'KEYPAD': {
      const keys = Buffer.from(Array.from(reply.keys, (key) => KEY_TO_WIRE[key] ?? key.charCodeAt(0) & 0xff))
      return { code, data: Buffer.concat([Buffer.of(reply.reader, keys.length), keys]) }
    }
    case 'COM': {
      const data = Buffer.alloc(5)
      data[0] = reply.address
      data.writeUInt32LE(reply.baudRate, 1)
      return { code, data }
    }
    case 'CCRYPT':
      return { code, data: Buffer.concat([reply.clientUid, reply.rndB, reply.clientCryptogram]) }
    case 'RMAC_I':
      return { code, data: reply.initialRmac }
  }
}

export function decodeOsdpReply(code: number, data: Buffer): MessageDecodeResult<OsdpReply> {
  const name = nameOf(OsdpReplyCode, code)
  if (name === undefined) return { ok: false, code: 'UNKNOWN_REPLY', message: `unknown reply 0x${code.toString(16)}` }
  const bad = (expected: string) =>
    ({ ok: false, code: 'BAD_LENGTH', message: `${name} expects ${expected} data bytes, got ${data.length}` }) as const
  const ok = (value: OsdpReply) => ({ ok: true, value }) as const
  switch (name) {
    case 'ACK':
    case 'BUSY':
      return data.length === 0 ? ok({ type: name }) : bad('0')
    case 'NAK':
      if (data.length < 1) return bad('at least 1')
      return ok({ type: 'NAK', reason: nameOf(OsdpNakReason, data[0]!) ?? data[0]!, detail: Buffer.from(data.subarray(1)) })
    case 'PDID':
      if (data.length !== 12) return bad('12')
      return ok({
        type: 'PDID',
        vendorCode: Buffer.from(data.subarray(0, 3)),
        model: data[3]!,
        version: data[4]!,
        serialNumber: data.readUInt32LE(5),
        firmware: { major: data[9]!, minor: data[10]!, build: data[11]! },
      })
    case 'PDCAP': {
      if (data.length % 3 !== 0) return bad('a multiple of 3')
      const capabilities: PdCapability[] = []
      for (let i = 0; i < data.length; i += 3) {
        capabilities.push({ functionCode: data[i]!, compliance: data[i + 1]!, count: data[i + 2]! })
      }
      return ok({ type: 'PDCAP', capabilities })
    }
    case 'LSTATR':
      return data.length === 2 ? ok({ type: 'LSTATR', isTampered: data[0] !== 0, hasPowerFailure: data[1] !== 0 }) : bad('2')
    case 'ISTATR':
      return ok({ type: 'ISTATR', inputs: Array.from(data, (b) => b !== 0) })
    case 'OSTATR':
      return ok({ type: 'OSTATR', outputs: Array.from(data, (b) => b !== 0) })
    case 'RSTATR':
      return ok({ type: 'RSTATR', readers: Array.from(data) })
    case 'RAW':
      return decodeRaw(data)
    case 'KEYPAD': {
      if (data.length < 2 || data.length !== 2 + data[1]!) return bad('2 + key count')
      const keys = Array.from(data.subarray(2), (b) => WIRE_TO_KEY[b] ?? String.fromCharCode(b)).join('')
      return ok({ type: 'KEYPAD', reader: data[0]!, keys })
    }
    case 'COM':
      return data.length === 5 ? ok({ type: 'COM', address: data[0]!, baudRate: data.readUInt32LE(1) }) : bad('5')
    case 'CCRYPT':
      if (data.length !== 32) return bad('32')
      return ok({
        type: 'CCRYPT',
        clientUid: Buffer.from(data.subarray(0, 8)),
        rndB: Buffer.from(data.subarray(8, 16)),
        clientCryptogram: Buffer.from(data.subarray(16, 32)),
      })
    case 'RMAC_I':
      return data.length === 16 ? ok({ type: 'RMAC_I', initialRmac: Buffer.from(data) }) : bad('16')
  }
}

function decodeRaw(data: Buffer): MessageDecodeResult<OsdpReply> {
  if (data.length < 4) return { ok: false, code: 'BAD_LENGTH', message: `RAW needs at least 4 bytes, got ${data.length}` }
  const bitCount = data.readUInt16LE(2)
  const payload = data.subarray(4)
  if (payload.length !== Math.ceil(bitCount / 8)) {
    return { ok: false, code: 'BAD_LENGTH', message: `RAW says ${bitCount} bits but carries ${payload.length} bytes` }
  }
  if (data[1]! > 1) return { ok: false, code: 'BAD_VALUE', message: `unknown RAW format ${data[1]}` }
  return {
    ok: true,
    value: { type: 'RAW', reader: data[0]!, format: data[1] === 1 ? 'wiegand' : 'raw', bitCount, data: Buffer.from(payload) },
  }
}
