import t from 'tap'
import { decodeOsdpCommand, encodeOsdpCommand, type OsdpCommand } from '../../../protocol/osdp/osdp-commands.js'
import { OsdpFrameDecoder } from '../../../protocol/osdp/osdp-frame-decoder.js'
import { decodeOsdpReply, encodeOsdpReply, type OsdpReply } from '../../../protocol/osdp/osdp-replies.js'
import { supportsCrc, supportsSecureChannel, receiveBufferBytes } from '../../../protocol/osdp/osdp-pd-capability.js'
import { fromHex } from '../../../protocol/hex.js'
import { fixture, loadHexFixtures } from '../../fakes/hex-fixtures.js'

const vectors = loadHexFixtures('osdp/wire-vectors.hex')

function frameOf(name: string) {
  const frame = new OsdpFrameDecoder().push(fixture(vectors, name), 0).frames[0]
  if (frame === undefined) throw new Error(`fixture ${name} did not decode`)
  return frame
}

t.test('decodes the captured PDID reply', async (t) => {
  const frame = frameOf('pdid-0x65-sqn1')
  const reply = decodeOsdpReply(frame.code, frame.data)
  t.same(reply, {
    ok: true,
    value: {
      type: 'PDID',
      vendorCode: fromHex('BE BA FE'),
      model: 1,
      version: 1,
      serialNumber: 0xdeadbeaf,
      firmware: { major: 0xad, minor: 0xde, build: 0xad },
    },
  })
})

t.test('decodes the captured 26-bit Wiegand RAW card read', async (t) => {
  const frame = frameOf('raw-w26-fc212-card7041')
  t.same(decodeOsdpReply(frame.code, frame.data), {
    ok: true,
    value: { type: 'RAW', reader: 0, format: 'wiegand', bitCount: 26, data: fromHex('EA 0D C0 80') },
  })
})

t.test('decodes the captured BUZ command', async (t) => {
  const frame = frameOf('buz-0x65-sqn2')
  t.same(decodeOsdpCommand(frame.code, frame.data), {
    ok: true,
    value: { type: 'BUZ', reader: 0, tone: 'default', onMs: 200, offMs: 200, count: 1 },
  })
})

t.test('decodes the Annex E COMSET and ID commands', async (t) => {
  const comset = frameOf('annex-e-crc-comset-broadcast')
  t.same(decodeOsdpCommand(comset.code, comset.data), { ok: true, value: { type: 'COMSET', address: 0, baudRate: 9600 } })
  const id = frameOf('annex-e-crc-id-address-0')
  t.same(decodeOsdpCommand(id.code, id.data), { ok: true, value: { type: 'ID' } })
})

t.test('decodes the captured PDCAP sample and reads its capabilities', async (t) => {
  const data = fromHex('02 01 01 04 02 01 05 01 01 06 01 01 08 01 00 09 01 00 0A 00 01 10 02 00')
  const reply = decodeOsdpReply(0x46, data)
  if (!reply.ok || reply.value.type !== 'PDCAP') throw new Error('PDCAP did not decode')
  t.equal(reply.value.capabilities.length, 8)
  t.equal(supportsCrc(reply.value.capabilities), true)
  t.equal(supportsSecureChannel(reply.value.capabilities), true)
  t.equal(receiveBufferBytes(reply.value.capabilities), 256)
  t.same(encodeOsdpReply(reply.value).data, data)
})

const commands: OsdpCommand[] = [
  { type: 'POLL' },
  { type: 'ID' },
  { type: 'CAP' },
  { type: 'LSTAT' },
  { type: 'ISTAT' },
  { type: 'OSTAT' },
  { type: 'RSTAT' },
  {
    type: 'OUT',
    outputs: [
      { output: 0, action: 'temporary-on', timerMs: 3000 },
      { output: 1, action: 'permanent-off', timerMs: 0 },
    ],
  },
  {
    type: 'LED',
    leds: [
      {
        reader: 0,
        led: 0,
        temporary: { control: 'set', onMs: 300, offMs: 300, onColor: 'red', offColor: 'none', timerMs: 3000 },
        permanent: { control: 'set', onMs: 100, offMs: 0, onColor: 'green', offColor: 'none' },
      },
    ],
  },
  { type: 'BUZ', reader: 0, tone: 'default', onMs: 500, offMs: 100, count: 3 },
  { type: 'TEXT', reader: 0, command: 'temporary', temporarySeconds: 5, row: 1, column: 1, text: 'WELCOME' },
  { type: 'COMSET', address: 0x12, baudRate: 115200 },
  { type: 'KEYSET', keyType: 1, key: Buffer.alloc(16, 0xa5) },
  { type: 'CHLNG', rndA: fromHex('B0 B1 B2 B3 B4 B5 B6 B7') },
  { type: 'SCRYPT', serverCryptogram: Buffer.alloc(16, 0x26) },
]

t.test('every command survives an encode/decode round trip', async (t) => {
  for (const command of commands) {
    const { code, data } = encodeOsdpCommand(command)
    t.same(decodeOsdpCommand(code, data), { ok: true, value: command }, command.type)
  }
})

const replies: OsdpReply[] = [
  { type: 'ACK' },
  { type: 'BUSY' },
  { type: 'NAK', reason: 'SEQUENCE_NUMBER', detail: Buffer.alloc(0) },
  { type: 'NAK', reason: 0x42, detail: fromHex('01') },
  { type: 'LSTATR', isTampered: true, hasPowerFailure: false },
  { type: 'ISTATR', inputs: [true, false, false, true] },
  { type: 'OSTATR', outputs: [false, true] },
  { type: 'RSTATR', readers: [0, 2] },
  { type: 'RAW', reader: 0, format: 'wiegand', bitCount: 34, data: fromHex('C4 EA 0D C0 C0') },
  { type: 'KEYPAD', reader: 0, keys: '1234#*' },
  { type: 'COM', address: 0x12, baudRate: 38400 },
  { type: 'CCRYPT', clientUid: Buffer.alloc(8, 1), rndB: Buffer.alloc(8, 2), clientCryptogram: Buffer.alloc(16, 3) },
  { type: 'RMAC_I', initialRmac: Buffer.alloc(16, 4) },
]

t.test('every reply survives an encode/decode round trip', async (t) => {
  for (const reply of replies) {
    const { code, data } = encodeOsdpReply(reply)
    t.same(decodeOsdpReply(code, data), { ok: true, value: reply }, reply.type)
  }
})

t.test('keypad # and * travel as 0x0D and 0x7F', async (t) => {
  t.same(encodeOsdpReply({ type: 'KEYPAD', reader: 0, keys: '5#*' }).data, fromHex('00 03 35 0D 7F'))
})

t.test('NAK carries every reason code by name', async (t) => {
  const names = ['CHECK_CHARACTER', 'COMMAND_LENGTH', 'UNKNOWN_COMMAND', 'SEQUENCE_NUMBER', 'SC_UNSUPPORTED', 'SC_CONDITIONS', 'BIO_TYPE', 'BIO_FORMAT', 'RECORD']
  names.forEach((name, index) => {
    t.same(decodeOsdpReply(0x41, Buffer.of(index + 1)), { ok: true, value: { type: 'NAK', reason: name, detail: Buffer.alloc(0) } })
  })
})

t.test('rejects unknown codes and wrong lengths as values, never by throwing', async (t) => {
  t.match(decodeOsdpCommand(0x99, Buffer.alloc(0)), { ok: false, code: 'UNKNOWN_COMMAND' })
  t.match(decodeOsdpCommand(0x60, Buffer.of(1)), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpCommand(0x68, Buffer.of(1, 2, 3)), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpCommand(0x69, Buffer.alloc(13)), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpCommand(0x6a, Buffer.of(0, 9, 1, 1, 1)), { ok: false, code: 'BAD_VALUE' })
  t.match(decodeOsdpCommand(0x6b, Buffer.of(0, 1, 0, 0, 0, 5, 0x41)), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpCommand(0x6b, Buffer.of(0, 9, 0, 0, 0, 0)), { ok: false, code: 'BAD_VALUE' })
  t.match(decodeOsdpCommand(0x75, Buffer.of(1, 16, 0)), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpCommand(0x76, Buffer.alloc(7)), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpReply(0x20, Buffer.alloc(0)), { ok: false, code: 'UNKNOWN_REPLY' })
  t.match(decodeOsdpReply(0x50, fromHex('00 01 1A 00 EA 0D')), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpReply(0x50, fromHex('00 05 08 00 EA')), { ok: false, code: 'BAD_VALUE' })
  t.match(decodeOsdpReply(0x45, Buffer.alloc(11)), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpReply(0x53, fromHex('00 05 31')), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeOsdpReply(0x41, Buffer.alloc(0)), { ok: false, code: 'BAD_LENGTH' })
})

t.test('refuses to encode values that do not fit the wire', async (t) => {
  t.throws(() => encodeOsdpCommand({ type: 'BUZ', reader: 0, tone: 'default', onMs: 30_000, offMs: 0, count: 1 }), {
    code: 'VALUE_OUT_OF_RANGE',
  })
  t.throws(() => encodeOsdpCommand({ type: 'CHLNG', rndA: Buffer.alloc(4) }), { code: 'VALUE_OUT_OF_RANGE' })
})
