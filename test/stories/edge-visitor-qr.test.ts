/**
 * Story 5 with the visitor's QR code: Zhang (building 1) invited Chen, whose phone shows the pass
 * as `GHV1.<code>` (protocol/policy/visitor-qr-code.ts). The kiosks' QR scanners read it; it opens
 * the north gate and building 1's door, is refused VISITOR_SCOPE at building 2, EXPIRED after its
 * time box, and a mangled code is refused on the screen without moving any door.
 */
import t, { type Test } from 'tap'
import { SimulatedQrScanner } from '../../firmware-sim/src/qr/simulated-qr-scanner.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { HOUR_MS, communityEntities, makeCredential, makePerson } from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { startStoryEdge } from './story-edge.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'
import { WarpClock } from './warp-clock.js'

const VISITOR_CODE = 'Q7dK2mXw9pLr4TsB'

function door(id: string, reader: string, scanner: string) {
  return { id, failMode: 'fail-secure', lock: { kind: 'osdp', reader, output: 0 }, pulseMs: 500, entries: [{ reader, direction: 'in' }], qrScanner: scanner }
}

const config = storyConfig({
  osdpBuses: [osdpBus('bus-1', { 'north-in': 1, 'b1-in': 2, 'b2-in': 3 })],
  qrScanners: [{ id: 'north-qr', link: 'sim://north-qr' }, { id: 'b1-qr', link: 'sim://b1-qr' }, { id: 'b2-qr', link: 'sim://b2-qr' }],
  doors: [door('north-gate', 'north-in', 'north-qr'), door('b1-door', 'b1-in', 'b1-qr'), door('b2-door', 'b2-in', 'b2-qr')],
})

async function compound(t: Test) {
  const clock = new WarpClock()
  const nowMs = clock.now()
  const entities = communityEntities()
  entities.door = entities.door.map((row) => (row.id === 'north-gate' ? { ...row, isTemperatureRequired: false } : row))
  entities.person.push(makePerson('p-visitor-chen', { displayName: '陈访客', role: 'visitor' }))
  entities.credential.push(
    makeCredential('c-visit-chen', 'p-visitor-chen', `visitor:${VISITOR_CODE}`, {
      kind: 'visitor',
      validFromMs: nowMs - HOUR_MS,
      validUntilMs: nowMs + 4 * HOUR_MS,
      hostPersonId: 'p-zhang',
      hostBuildingId: 'b1',
    }),
  )
  const readers = { north: storyReader(clock, 1), b1: storyReader(clock, 2), b2: storyReader(clock, 3) }
  const scanners = { north: new SimulatedQrScanner(), b1: new SimulatedQrScanner(), b2: new SimulatedQrScanner() }
  const devices = { 'bus-1': new MultiDropBus(Object.values(readers)), 'north-qr': scanners.north, 'b1-qr': scanners.b1, 'b2-qr': scanners.b2 }
  const edge = await startStoryEdge(t, { config, entities, clock, devices })
  return { edge, clock, readers, scanners }
}

t.test("the visitor's QR code opens the gate and the host's building, and is refused VISITOR_SCOPE at another building", async (t) => {
  const { edge, readers, scanners } = await compound(t)
  let pulsed = nextRelayPulse(readers.north, 'the gate')
  scanners.north.scan(`GHV1.${VISITOR_CODE}`)
  t.match(await edge.waitForNthEvent(1), {
    doorId: 'north-gate',
    personId: 'p-visitor-chen',
    credential: { kind: 'qr', maskedReference: '************4TsB' },
    decision: { granted: true, reason: 'GRANTED' },
  })
  await pulsed

  pulsed = nextRelayPulse(readers.b1, "the host's building door")
  scanners.b1.scan(`GHV1.${VISITOR_CODE}`)
  t.match(await edge.waitForNthEvent(2), { doorId: 'b1-door', personId: 'p-visitor-chen', decision: { granted: true, reason: 'GRANTED' } })
  await pulsed

  scanners.b2.scan(`GHV1.${VISITOR_CODE}`)
  t.match(await edge.waitForNthEvent(3), { doorId: 'b2-door', personId: 'p-visitor-chen', credential: { kind: 'qr' }, decision: { granted: false, reason: 'VISITOR_SCOPE' } })
  t.match(await edge.waitForScreen('b2-door', 'the refusal', (screen) => screen.decision !== null), { personName: '陈访客', decision: { granted: false, reason: 'VISITOR_SCOPE' } })
  t.same([relayPulses(readers.north), relayPulses(readers.b1), relayPulses(readers.b2)], [1, 1, 0], "building 2's door never moved")
  t.notMatch(JSON.stringify(edge.log.lines), VISITOR_CODE, 'the code, a bearer secret, is in no log line')
})

t.test('the same QR code after its time box is refused EXPIRED at the gate', async (t) => {
  const { edge, clock, readers, scanners } = await compound(t)
  clock.advance(5 * HOUR_MS)
  scanners.north.scan(`GHV1.${VISITOR_CODE}`)
  t.match(await edge.waitForNthEvent(1), { doorId: 'north-gate', personId: 'p-visitor-chen', decision: { granted: false, reason: 'EXPIRED' } })
  t.equal(relayPulses(readers.north), 0)
})

t.test('a mangled visitor code is refused on the screen and journals nothing; an unknown one is journalled UNKNOWN_CREDENTIAL', async (t) => {
  const { edge, readers, scanners } = await compound(t)
  scanners.north.scan(`GHV1.${VISITOR_CODE.slice(0, 10)}`)
  t.match(await edge.waitForScreen('north-gate', 'the refusal of the mangled code', (screen) => screen.decision !== null), { decision: { granted: false, reason: 'UNKNOWN_CREDENTIAL' } })
  scanners.north.scan('GHV1.AAAAAAAAAAAAAAAAAAAA')
  t.match(await edge.waitForNthEvent(1), { doorId: 'north-gate', credential: { kind: 'qr', maskedReference: '****************AAAA' }, decision: { granted: false, reason: 'UNKNOWN_CREDENTIAL' } })
  t.equal(edge.events().length, 1, 'scanned after it, the unknown code is the first and only event: the mangled one journalled nothing')
  t.notOk('personId' in edge.events()[0]!, 'an unknown code names nobody')
  t.equal(relayPulses(readers.north), 0, 'the gate never moved')
})
