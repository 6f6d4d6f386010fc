import t from 'tap'
import { systemClock } from '../../firmware-sim/src/clock.js'
import { SimulatedOsdpReader } from '../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { readerConfig, type OsdpReaderConfig } from '../../firmware-sim/src/osdp/osdp-reader-config.js'
import { connectInProcess } from '../../firmware-sim/src/transports/in-process-link.js'
import { FaultyLine } from '../../firmware-sim/src/transports/faulty-line.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { SCBK_D } from '../../protocol/osdp/secure-channel-crypto.js'
import { fromHex } from '../../protocol/hex.js'
import { WIEGAND_34 } from '../../protocol/wiegand/wiegand-format.js'
import { MinimalControlPanel } from '../fakes/minimal-control-panel.js'
import { fixture, loadHexFixtures } from '../fakes/hex-fixtures.js'

const vectors = loadHexFixtures('osdp/wire-vectors.hex')

/** The identity of the conformant PD the §1.7 captures were taken from. */
const capturedIdentity = {
  vendorCode: fromHex('BE BA FE'),
  model: 1,
  version: 1,
  serialNumber: 0xdeadbeaf,
  firmware: { major: 0xad, minor: 0xde, build: 0xad },
}

function rig(overrides: Partial<OsdpReaderConfig> = {}) {
  const reader = new SimulatedOsdpReader(readerConfig({ address: 0x65, replyDelayMs: 0, ...overrides }), systemClock)
  const line = new FaultyLine(reader, systemClock)
  const link = connectInProcess(line)
  const cp = new MinimalControlPanel(link, reader.config.address, 300)
  t.teardown(() => link.close())
  return { reader, line, link, cp }
}

t.test('answers the captured POLL, ID, BUZ and card read byte for byte', async (t) => {
  const { reader, link, cp } = rig({ identity: capturedIdentity })
  const replies: Buffer[] = []
  link.onData((bytes) => replies.push(bytes))
  await cp.sendRaw(fixture(vectors, 'poll-0x65-sqn0'))
  await cp.sendRaw(fixture(vectors, 'id-0x65-sqn1'))
  await cp.sendRaw(fixture(vectors, 'buz-0x65-sqn2'))
  t.same(replies, [fixture(vectors, 'ack-0x65-sqn0'), fixture(vectors, 'pdid-0x65-sqn1'), fixture(vectors, 'ack-0x65-sqn2')])
  replies.length = 0
  await cp.sendRaw(cp.encode({ type: 'POLL' }, 0))
  reader.presentCard({ facility: 212, card: 7041 })
  await cp.sendRaw(cp.encode({ type: 'POLL' }, 1))
  t.same(replies[1], fixture(vectors, 'raw-w26-fc212-card7041'))
  t.equal(reader.errorCounts.total, 0)
})

t.test('brings a reader up and carries a card, keypad, LED, buzzer and relay', async (t) => {
  const { reader, cp } = rig()
  t.match((await cp.send({ type: 'ID' })).reply, { type: 'PDID' })
  const cap = await cp.send({ type: 'CAP' })
  t.match(cap.reply, { type: 'PDCAP' })
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'ACK' })
  reader.presentCard({ facility: 35284, card: 7041 }, WIEGAND_34)
  t.same((await cp.send({ type: 'POLL' })).reply, {
    type: 'RAW',
    reader: 0,
    format: 'wiegand',
    bitCount: 34,
    data: Buffer.from([0xc4, 0xea, 0x0d, 0xc0, 0xc0]),
  })
  reader.typeKeys('1234#')
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'KEYPAD', reader: 0, keys: '1234#' })
  const led = {
    reader: 0,
    led: 0,
    temporary: { control: 'set', onMs: 200, offMs: 0, onColor: 'green', offColor: 'none', timerMs: 2000 },
    permanent: { control: 'set', onMs: 100, offMs: 0, onColor: 'red', offColor: 'none' },
  } as const
  t.same((await cp.send({ type: 'LED', leds: [led] })).reply, { type: 'ACK' })
  t.same(reader.door.leds.get(0), led)
  t.same((await cp.send({ type: 'BUZ', reader: 0, tone: 'default', onMs: 100, offMs: 100, count: 2 })).reply, { type: 'ACK' })
  t.match(reader.door.buzzer, { tone: 'default', count: 2 })
  const relayReleased = new Promise((resolve) => reader.on('output', (change) => !change.isActive && resolve(change)))
  const out = await cp.send({ type: 'OUT', outputs: [{ output: 0, action: 'temporary-on', timerMs: 100 }] })
  t.same(out.reply, { type: 'OSTATR', outputs: [true] })
  await relayReleased
  t.same(
    reader.door.outputTrace.map((change) => change.isActive),
    [true, false],
    'the relay pulsed once and returned to its resting state',
  )
  t.same((await cp.send({ type: 'TEXT', reader: 0, command: 'temporary', temporarySeconds: 3, row: 0, column: 0, text: 'OK' })).reply, {
    type: 'ACK',
  })
  t.equal(reader.door.text, 'OK')
})

t.test('reports door contact, exit button, tamper and power changes on POLL', async (t) => {
  const { reader, cp } = rig()
  await cp.send({ type: 'POLL' })
  reader.setInput(0, true)
  reader.setInput(1, true)
  reader.setTamper(true)
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'ISTATR', inputs: [true, true] }, 'input changes coalesce')
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'LSTATR', isTampered: true, hasPowerFailure: false })
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'ACK' })
  reader.setPowerFailure(true)
  t.same((await cp.send({ type: 'LSTAT' })).reply, { type: 'LSTATR', isTampered: true, hasPowerFailure: true })
  t.same((await cp.send({ type: 'ISTAT' })).reply, { type: 'ISTATR', inputs: [true, true] })
  t.same((await cp.send({ type: 'OSTAT' })).reply, { type: 'OSTATR', outputs: [false] })
  t.same((await cp.send({ type: 'RSTAT' })).reply, { type: 'RSTATR', readers: [0] })
})

t.test('keeps sequence numbers as OSDP v2.2 §5.7 says', async (t) => {
  const { cp, reader } = rig()
  await cp.send({ type: 'POLL' })
  await cp.send({ type: 'POLL' })
  reader.presentCard({ facility: 1, card: 2 })
  const first = await cp.sendRaw(cp.encode({ type: 'POLL' }, 2))
  t.equal(first.reply.type, 'RAW')
  const repeated = await cp.sendRaw(cp.encode({ type: 'POLL' }, 2))
  t.same(repeated.frame, first.frame, 'a repeated sequence number gets the cached reply verbatim')
  t.match((await cp.sendRaw(cp.encode({ type: 'POLL' }, 1))).reply, { type: 'NAK', reason: 'SEQUENCE_NUMBER' })
  t.match((await cp.sendRaw(cp.encode({ type: 'POLL' }, 3))).reply, { type: 'ACK' })
  t.match((await cp.sendRaw(cp.encode({ type: 'POLL' }, 0))).reply, { type: 'ACK' }, 'sequence 0 resets')
  t.match((await cp.sendRaw(cp.encode({ type: 'POLL' }, 1))).reply, { type: 'ACK' })
})

t.test('NAKs unknown commands, bad lengths and outputs it does not have', async (t) => {
  const { cp } = rig()
  await cp.send({ type: 'POLL' })
  t.match((await cp.send({ type: 'OUT', outputs: [{ output: 5, action: 'permanent-on', timerMs: 0 }] })).reply, {
    type: 'NAK',
    reason: 'RECORD',
  })
  const unknown = cp.encode({ type: 'POLL' }, cp.nextSequence)
  unknown[6] = 0x7e
  unknown.writeUInt16LE(0, unknown.length - 2)
  const { osdpCrc16 } = await import('../../protocol/osdp/osdp-check.js')
  unknown.writeUInt16LE(osdpCrc16(unknown, 1, unknown.length - 2), unknown.length - 2)
  t.match((await cp.sendRaw(unknown)).reply, { type: 'NAK', reason: 'UNKNOWN_COMMAND' })
})

t.test('a checksum-only reader NAKs CRC packets and answers checksum packets', async (t) => {
  const { cp } = rig({ checkCharacter: 'checksum-only' })
  t.match((await cp.send({ type: 'POLL' })).reply, { type: 'NAK', reason: 'CHECK_CHARACTER' })
  cp.integrity = 'checksum'
  cp.nextSequence = 0
  const reply = await cp.send({ type: 'POLL' })
  t.equal(reply.frame.integrity, 'checksum')
  t.same(reply.reply, { type: 'ACK' })
})

t.test('answers BUSY with sequence 0 and serves the command when it is sent again', async (t) => {
  const { cp, reader } = rig()
  await cp.send({ type: 'POLL' })
  reader.busyReplies = 1
  const busy = await cp.send({ type: 'ID' })
  t.equal(busy.reply.type, 'BUSY')
  t.equal(busy.frame.sequence, 0)
  t.match((await cp.send({ type: 'ID' })).reply, { type: 'PDID' })
})

t.test('replies to the broadcast address as 0xFF', async (t) => {
  const { link, reader } = rig()
  const replies: Buffer[] = []
  link.onData((bytes) => replies.push(bytes))
  const cp = new MinimalControlPanel(link, 0x7f, 300)
  await cp.send({ type: 'ID' })
  t.equal(replies[0]![2], 0xff)
  t.equal(reader.address, 0x65)
})

t.test('COMSET moves the reader to its new address after the COM reply', async (t) => {
  const { cp, reader } = rig()
  t.same((await cp.send({ type: 'COMSET', address: 0x12, baudRate: 38400 })).reply, { type: 'COM', address: 0x12, baudRate: 38400 })
  t.equal(reader.address, 0x12)
})

t.test('line faults: corrupt, lost, late and split replies and garbage', async (t) => {
  const { cp, line } = rig()
  await cp.send({ type: 'POLL' })
  line.corruptNext = 1
  await t.rejects(cp.send({ type: 'ID' }), { code: 'READER_TIMEOUT' })
  t.same(cp.decodeErrors, ['BAD_CRC'])
  const retried = await cp.sendRaw(cp.encode({ type: 'ID' }, cp.nextSequence))
  t.equal(retried.reply.type, 'PDID', 'a retry with the same sequence recovers the lost reply')
  cp.nextSequence = (cp.nextSequence % 3) + 1
  line.dropNext = 1
  await t.rejects(cp.send({ type: 'POLL' }), { code: 'READER_TIMEOUT' })
  line.isSplitting = true
  t.same((await cp.sendRaw(cp.encode({ type: 'POLL' }, cp.nextSequence))).reply, { type: 'ACK' })
  line.isSplitting = false
  line.injectGarbage(fromHex('00 13 37'))
  cp.nextSequence = (cp.nextSequence % 3) + 1
  t.same((await cp.send({ type: 'POLL' })).reply, { type: 'ACK' })
  t.same(cp.decodeErrors, ['BAD_CRC', 'GARBAGE'])
  line.isUnplugged = true
  await t.rejects(cp.send({ type: 'POLL' }), { code: 'READER_TIMEOUT' })
  t.same(line.applied, { corrupt: 1, drop: 1, delay: 0, split: 1, garbage: 1, unplugged: 1 })
})

t.test('Secure Channel: install mode, KEYSET to a reader key, then only that key opens it', async (t) => {
  const { cp, reader } = rig()
  await cp.send({ type: 'POLL' })
  await cp.establishSecureChannel(SCBK_D, 'default')
  const secured = await cp.send({ type: 'POLL' })
  t.equal(secured.frame.securityBlock?.type, 0x16, 'replies are MAC-protected')
  const readerKey = Buffer.from('00112233445566778899aabbccddeeff', 'hex')
  t.same((await cp.send({ type: 'KEYSET', keyType: 1, key: readerKey })).reply, { type: 'ACK' })
  t.same(reader.secure.security, { ...reader.config.security, scbk: readerKey, isInstallMode: false })
  const id = await cp.send({ type: 'ID' })
  t.equal(id.frame.securityBlock?.type, 0x18, 'reply data is encrypted')
  t.match(id.reply, { type: 'PDID' })
  cp.dropSecureChannel()
  cp.nextSequence = 0
  await cp.send({ type: 'POLL' })
  await t.rejects(cp.establishSecureChannel(SCBK_D, 'default'), { code: 'SC_REFUSED' }, 'SCBK-D no longer works')
  await cp.establishSecureChannel(readerKey, 'scbk')
  t.match((await cp.send({ type: 'POLL' })).frame.securityBlock, { type: 0x16 })
})

t.test('a secure-only reader refuses plaintext and a bad MAC ends the session', async (t) => {
  const { cp } = rig({ security: { isSupported: true, isInstallMode: true, scbk: null, isSecureOnly: true } })
  t.match((await cp.send({ type: 'ID' })).reply, { type: 'PDID' })
  t.match((await cp.send({ type: 'POLL' })).reply, { type: 'NAK', reason: 'SC_CONDITIONS' })
  await cp.establishSecureChannel(SCBK_D, 'default')
  const sealed = cp.encode({ type: 'POLL' }, cp.nextSequence)
  sealed[sealed.length - 3] = sealed[sealed.length - 3]! ^ 0x01
  const { osdpCrc16 } = await import('../../protocol/osdp/osdp-check.js')
  sealed.writeUInt16LE(osdpCrc16(sealed, 1, sealed.length - 2), sealed.length - 2)
  cp.dropSecureChannel()
  t.match((await cp.sendRaw(sealed)).reply, { type: 'NAK', reason: 'SC_CONDITIONS' })
})

t.test('a reader without Secure Channel support NAKs CHLNG', async (t) => {
  const { cp } = rig({ security: { isSupported: false, isInstallMode: false, scbk: null, isSecureOnly: false } })
  await t.rejects(cp.establishSecureChannel(SCBK_D, 'default'), { code: 'SC_REFUSED' })
})

t.test('several readers share a multi-drop bus and answer only their own address', async (t) => {
  const readers = [0x01, 0x02].map((address) => new SimulatedOsdpReader(readerConfig({ address, replyDelayMs: 0 }), systemClock))
  const link = connectInProcess(new MultiDropBus(readers))
  t.teardown(() => link.close())
  const panels = readers.map((reader) => new MinimalControlPanel(link, reader.config.address, 300))
  readers[1]!.presentCard({ facility: 7, card: 99 })
  t.same((await panels[0]!.send({ type: 'POLL' })).reply, { type: 'ACK' })
  t.match((await panels[1]!.send({ type: 'POLL' })).reply, { type: 'RAW', bitCount: 26 })
})

t.test('a full event queue counts what it drops', async (t) => {
  const { reader } = rig({ maxQueuedEvents: 2 })
  t.equal(reader.presentCard({ facility: 1, card: 1 }), true)
  t.equal(reader.presentCard({ facility: 1, card: 2 }), true)
  t.equal(reader.presentCard({ facility: 1, card: 3 }), false)
  t.equal(reader.events.droppedEvents, 1)
  t.throws(() => reader.typeKeys('12a'), { code: 'BAD_KEYS' })
})
