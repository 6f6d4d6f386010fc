import { osdpChecksum8, osdpCrc16 } from './osdp-check.js'
import { OSDP_MARK, OSDP_SOM } from './osdp-codes.js'

/** A Security Control Block: `[SEC_BLK_LEN, SEC_BLK_TYPE, data…]` (OSDP v2.2 §5.9). */
export interface SecurityBlock {
  readonly type: number
  readonly data: Buffer
}

export type OsdpIntegrity = 'crc' | 'checksum'

/** One OSDP packet, command or reply, with its fields decoded but its payload left as bytes. */
export interface OsdpFrame {
  /** PD address 0x00–0x7E, or 0x7F for broadcast; without the reply bit. */
  readonly address: number
  readonly isReply: boolean
  readonly sequence: number
  readonly integrity: OsdpIntegrity
  readonly hasMark: boolean
  readonly securityBlock?: SecurityBlock
  readonly code: number
  readonly data: Buffer
  /** The 4 MAC bytes of a secure-channel packet (SCB types 0x15–0x18). */
  readonly mac?: Buffer
  /** SOM through the last data byte: what a secure-channel MAC is computed over. */
  readonly macInput: Buffer
}

export type OsdpFrameFields = Omit<OsdpFrame, 'macInput' | 'mac'>

const CTRL_SEQUENCE_MASK = 0x03
const CTRL_CRC = 0x04
const CTRL_SECURITY_BLOCK = 0x08
const REPLY_BIT = 0x80
export const OSDP_MAC_LENGTH = 4

/** OSDP v2.2 Annex D: SCB types 0x15–0x18 carry a 4-byte MAC before the check bytes. */
export function isMacBearing(securityBlock: SecurityBlock | undefined): boolean {
  return securityBlock !== undefined && securityBlock.type >= 0x15 && securityBlock.type <= 0x18
}

/**
 * Encodes a packet. `computeMac` receives SOM..last data byte (LEN already counting the MAC and
 * check bytes) and returns the full MAC, of which the first 4 bytes go on the wire.
 */
export function encodeOsdpFrame(frame: OsdpFrameFields, computeMac?: (macInput: Buffer) => Buffer): Buffer {
  const hasMac = isMacBearing(frame.securityBlock)
  if (hasMac && computeMac === undefined) {
    throw Object.assign(new Error('a MAC-bearing security block needs a MAC'), { code: 'MAC_REQUIRED' })
  }
  const scb = frame.securityBlock
  const scbLength = scb === undefined ? 0 : 2 + scb.data.length
  const checkLength = frame.integrity === 'crc' ? 2 : 1
  const length = 5 + scbLength + 1 + frame.data.length + (hasMac ? OSDP_MAC_LENGTH : 0) + checkLength
  const packet = Buffer.alloc(length)
  packet[0] = OSDP_SOM
  packet[1] = (frame.address & 0x7f) | (frame.isReply ? REPLY_BIT : 0)
  packet.writeUInt16LE(length, 2)
  packet[4] =
    (frame.sequence & CTRL_SEQUENCE_MASK) | (frame.integrity === 'crc' ? CTRL_CRC : 0) | (scb ? CTRL_SECURITY_BLOCK : 0)
  let offset = 5
  if (scb !== undefined) {
    packet[offset++] = scbLength
    packet[offset++] = scb.type
    offset += scb.data.copy(packet, offset)
  }
  packet[offset++] = frame.code
  offset += frame.data.copy(packet, offset)
  if (hasMac) offset += computeMac!(packet.subarray(0, offset)).copy(packet, offset, 0, OSDP_MAC_LENGTH)
  if (frame.integrity === 'crc') packet.writeUInt16LE(osdpCrc16(packet, 0, offset), offset)
  else packet[offset] = osdpChecksum8(packet, 0, offset)
  return frame.hasMark ? Buffer.concat([Buffer.of(OSDP_MARK), packet]) : packet
}

export type PacketParseResult = { ok: true; frame: OsdpFrame } | { ok: false; code: string; message: string }

/**
 * Parses a packet (SOM..check bytes, without the mark) whose length and check bytes have already
 * been verified by the stream decoder.
 */
export function parseOsdpPacket(packet: Buffer, hasMark: boolean): PacketParseResult {
  const ctrl = packet[4]!
  const integrity: OsdpIntegrity = ctrl & CTRL_CRC ? 'crc' : 'checksum'
  const end = packet.length - (integrity === 'crc' ? 2 : 1)
  let offset = 5
  let securityBlock: SecurityBlock | undefined
  if (ctrl & CTRL_SECURITY_BLOCK) {
    const scbLength = packet[offset]!
    if (scbLength < 2 || offset + scbLength >= end) {
      return { ok: false, code: 'BAD_SECURITY_BLOCK', message: `security block length ${scbLength} does not fit` }
    }
    securityBlock = { type: packet[offset + 1]!, data: Buffer.from(packet.subarray(offset + 2, offset + scbLength)) }
    offset += scbLength
  }
  const macLength = isMacBearing(securityBlock) ? OSDP_MAC_LENGTH : 0
  const dataEnd = end - macLength
  if (offset >= dataEnd) return { ok: false, code: 'BAD_LENGTH', message: 'packet has no command or reply code' }
  const frame: OsdpFrame = {
    address: packet[1]! & 0x7f,
    isReply: (packet[1]! & REPLY_BIT) !== 0,
    sequence: ctrl & CTRL_SEQUENCE_MASK,
    integrity,
    hasMark,
    code: packet[offset]!,
    data: Buffer.from(packet.subarray(offset + 1, dataEnd)),
    macInput: Buffer.from(packet.subarray(0, dataEnd)),
    ...(securityBlock && { securityBlock }),
    ...(macLength > 0 && { mac: Buffer.from(packet.subarray(dataEnd, end)) }),
  }
  return { ok: true, frame }
}
