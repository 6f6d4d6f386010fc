import t from 'tap'
import { osdpChecksum8, osdpCrc16 } from '../../../protocol/osdp/osdp-check.js'
import { encodeOsdpFrame, type OsdpFrame } from '../../../protocol/osdp/osdp-frame.js'
import { OsdpFrameDecoder } from '../../../protocol/osdp/osdp-frame-decoder.js'
import { fromHex } from '../../../protocol/hex.js'
import { fixture, loadHexFixtures } from '../../fakes/hex-fixtures.js'

const vectors = loadHexFixtures('osdp/wire-vectors.hex')

function decodeOne(bytes: Buffer): OsdpFrame {
  const result = new OsdpFrameDecoder().push(bytes, 0)
  if (result.errors.length > 0 || result.frames.length !== 1) {
    throw new Error(`expected one frame, got ${JSON.stringify(result.errors.map((e) => e.code))}`)
  }
  return result.frames[0]!
}

t.test('CRC-16/AUG-CCITT with init 0x1D0F has the catalogue check value 0xE5CC', async (t) => {
  t.equal(osdpCrc16(Buffer.from('123456789', 'ascii')), 0xe5cc)
})

t.test('CRC and checksum match the Annex E examples', async (t) => {
  const comset = fixture(vectors, 'annex-e-crc-comset-broadcast')
  t.equal(osdpCrc16(comset, 0, comset.length - 2), comset.readUInt16LE(comset.length - 2))
  const id = fixture(vectors, 'annex-e-crc-id-address-0')
  t.equal(osdpCrc16(id, 0, id.length - 2), id.readUInt16LE(id.length - 2))
  const comsetSum = fixture(vectors, 'annex-e-checksum-comset-broadcast')
  t.equal(osdpChecksum8(comsetSum, 0, comsetSum.length - 1), 0x0f)
  const idSum = fixture(vectors, 'annex-e-checksum-id-address-0')
  t.equal(osdpChecksum8(idSum, 0, idSum.length - 1), 0x44)
})

t.test('decodes every golden packet and re-encodes it byte for byte', async (t) => {
  for (const [name, bytes] of vectors) {
    const frame = decodeOne(bytes)
    t.same(encodeOsdpFrame(frame), bytes, name)
  }
})

t.test('decodes the fields of a POLL to PD 0x65 and its ACK', async (t) => {
  const poll = decodeOne(fixture(vectors, 'poll-0x65-sqn0'))
  t.match(poll, { address: 0x65, isReply: false, sequence: 0, integrity: 'crc', hasMark: true, code: 0x60 })
  t.equal(poll.data.length, 0)
  const ack = decodeOne(fixture(vectors, 'ack-0x65-sqn0'))
  t.match(ack, { address: 0x65, isReply: true, sequence: 0, code: 0x40 })
})

t.test('decodes a checksum-mode packet without the mark', async (t) => {
  const poll = decodeOne(fixture(vectors, 'poll-0x00-sqn0-checksum'))
  t.match(poll, { address: 0, integrity: 'checksum', hasMark: false, code: 0x60 })
})

t.test('decodes a COMSET to the broadcast address', async (t) => {
  const frame = decodeOne(fixture(vectors, 'annex-e-crc-comset-broadcast'))
  t.equal(frame.address, 0x7f)
  t.same(frame.data, fromHex('00 80 25 00 00'))
})

t.test('a packet split into single bytes decodes once it is complete', async (t) => {
  const decoder = new OsdpFrameDecoder()
  const bytes = fixture(vectors, 'pdid-0x65-sqn1')
  const frames: OsdpFrame[] = []
  for (const byte of bytes) frames.push(...decoder.push(Buffer.of(byte), 0).frames)
  t.equal(frames.length, 1)
  t.equal(decoder.bufferedBytes, 0)
})

t.test('reports a bad CRC and still decodes the packet behind it', async (t) => {
  const corrupt = Buffer.from(fixture(vectors, 'poll-0x65-sqn0'))
  corrupt[corrupt.length - 1] = corrupt[corrupt.length - 1]! ^ 0x01
  const result = new OsdpFrameDecoder().push(Buffer.concat([corrupt, fixture(vectors, 'ack-0x65-sqn0')]), 0)
  t.same(result.errors.map((e) => e.code), ['BAD_CRC'])
  t.same(result.errors[0]!.discarded, corrupt)
  t.equal(result.frames.length, 1)
  t.equal(result.frames[0]!.code, 0x40)
})

t.test('reports a bad checksum', async (t) => {
  const corrupt = Buffer.from(fixture(vectors, 'poll-0x00-sqn0-checksum'))
  corrupt[corrupt.length - 1] = corrupt[corrupt.length - 1]! ^ 0xff
  const result = new OsdpFrameDecoder().push(corrupt, 0)
  t.same(result.errors.map((e) => e.code), ['BAD_CHECKSUM'])
})

t.test('reports garbage before a packet as one error and decodes the packet', async (t) => {
  const garbage = fromHex('00 11 22 33')
  const result = new OsdpFrameDecoder().push(Buffer.concat([garbage, fixture(vectors, 'poll-0x65-sqn0')]), 0)
  t.same(result.errors.map((e) => e.code), ['GARBAGE'])
  t.same(result.errors[0]!.discarded, garbage)
  t.equal(result.frames.length, 1)
})

t.test('rejects a length below the minimum or above the maximum and rescans', async (t) => {
  const tooShort = fromHex('53 00 03 00 04')
  const tooLong = fromHex('53 00 FF 7F 04')
  const decoder = new OsdpFrameDecoder({ maxPacketLength: 1440 })
  const result = decoder.push(Buffer.concat([tooShort, tooLong, fixture(vectors, 'ack-0x65-sqn0')]), 0)
  t.same(
    result.errors.map((e) => e.code),
    ['BAD_LENGTH', 'GARBAGE', 'BAD_LENGTH', 'GARBAGE'],
  )
  t.equal(result.frames.length, 1)
})

t.test('times out a partial packet after the inter-byte timeout', async (t) => {
  const decoder = new OsdpFrameDecoder({ interByteTimeoutMs: 20 })
  const partial = fixture(vectors, 'pdid-0x65-sqn1').subarray(0, 10)
  t.same(decoder.push(partial, 1000).errors, [])
  t.same(decoder.expire(1019).errors, [])
  const expired = decoder.expire(1020)
  t.same(expired.errors.map((e) => e.code), ['PARTIAL_TIMEOUT'])
  t.same(expired.errors[0]!.discarded, partial)
  t.equal(decoder.bufferedBytes, 0)
})

t.test('a late continuation after silence starts afresh instead of completing a stale packet', async (t) => {
  const decoder = new OsdpFrameDecoder({ interByteTimeoutMs: 20 })
  const packet = fixture(vectors, 'ack-0x65-sqn0')
  decoder.push(packet.subarray(0, 4), 0)
  const result = decoder.push(Buffer.concat([packet.subarray(4), packet]), 500)
  t.same(result.errors.map((e) => e.code), ['PARTIAL_TIMEOUT', 'GARBAGE'])
  t.equal(result.frames.length, 1)
})

t.test('rejects a security block that does not fit the packet', async (t) => {
  const bytes = encodeOsdpFrame({
    address: 1,
    isReply: false,
    sequence: 1,
    integrity: 'crc',
    hasMark: false,
    code: 0x60,
    data: Buffer.alloc(0),
  })
  const withScb = Buffer.from(bytes)
  withScb[4] = withScb[4]! | 0x08
  withScb[5] = 0x09
  const fixed = encodeRaw(withScb.subarray(0, withScb.length - 2))
  const result = new OsdpFrameDecoder().push(fixed, 0)
  t.same(result.errors.map((e) => e.code), ['BAD_SECURITY_BLOCK'])
})

t.test('refuses to encode a MAC-bearing packet without a MAC function', async (t) => {
  t.throws(
    () =>
      encodeOsdpFrame({
        address: 1,
        isReply: false,
        sequence: 1,
        integrity: 'crc',
        hasMark: true,
        securityBlock: { type: 0x15, data: Buffer.alloc(0) },
        code: 0x60,
        data: Buffer.alloc(0),
      }),
    { code: 'MAC_REQUIRED' },
  )
})

function encodeRaw(body: Buffer): Buffer {
  const crc = Buffer.alloc(2)
  crc.writeUInt16LE(osdpCrc16(body))
  return Buffer.concat([body, crc])
}
