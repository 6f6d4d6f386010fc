/**
 * Story 5, visitors stop at the stairwell: Zhang (building 1) invites a visitor with a time-boxed
 * pass, typed as a PIN on the readers' keypads. It opens the north gate and building 1's door, and
 * nothing else; someone who got through the gate cannot open a building door they have no right to.
 */
import t, { type Test } from 'tap'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { HOUR_MS, communityEntities, makeCredential, makePerson } from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { startStoryEdge } from './story-edge.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'
import { WarpClock } from './warp-clock.js'

const VISITOR_PIN = '86420531'
const LI_CARD = { facility: 212, card: 7042 }

function door(id: string, reader: string) {
  return { id, failMode: 'fail-secure', lock: { kind: 'osdp', reader, output: 0 }, pulseMs: 500, entries: [{ reader, direction: 'in' }] }
}

const config = storyConfig({
  osdpBuses: [osdpBus('bus-1', { 'north-in': 1, 'b1-in': 2, 'b2-in': 3 })],
  doors: [door('north-gate', 'north-in'), door('b1-door', 'b1-in'), door('b2-door', 'b2-in')],
})

async function compound(t: Test) {
  const clock = new WarpClock()
  const nowMs = clock.now()
  const entities = communityEntities()
  entities.door = entities.door.map((row) => (row.id === 'north-gate' ? { ...row, isTemperatureRequired: false } : row))
  entities.person.push(makePerson('p-visitor-chen', { displayName: '陈访客', role: 'visitor' }))
  entities.credential.push(
    makeCredential('c-visit-chen', 'p-visitor-chen', `pin:${VISITOR_PIN}`, {
      kind: 'visitor',
      validFromMs: nowMs - HOUR_MS,
      validUntilMs: nowMs + 4 * HOUR_MS,
      hostPersonId: 'p-zhang',
      hostBuildingId: 'b1',
    }),
  )
  const readers = { north: storyReader(clock, 1), b1: storyReader(clock, 2), b2: storyReader(clock, 3) }
  const edge = await startStoryEdge(t, { config, entities, clock, devices: { 'bus-1': new MultiDropBus(Object.values(readers)) } })
  return { edge, clock, readers }
}

t.test("a visitor pass opens the gate and the host's building, and is refused VISITOR_SCOPE at another building", async (t) => {
  const { edge, readers } = await compound(t)
  let pulsed = nextRelayPulse(readers.north, 'the gate')
  readers.north.typeKeys(`${VISITOR_PIN}#`)
  t.match(await edge.waitForNthEvent(1), {
    doorId: 'north-gate',
    personId: 'p-visitor-chen',
    credential: { kind: 'pin', maskedReference: '****' },
    decision: { granted: true, reason: 'GRANTED' },
  })
  await pulsed

  pulsed = nextRelayPulse(readers.b1, "the host's building door")
  readers.b1.typeKeys(`${VISITOR_PIN}#`)
  t.match(await edge.waitForNthEvent(2), { doorId: 'b1-door', personId: 'p-visitor-chen', decision: { granted: true, reason: 'GRANTED' } })
  await pulsed

  readers.b2.typeKeys(`${VISITOR_PIN}#`)
  t.match(await edge.waitForNthEvent(3), { doorId: 'b2-door', personId: 'p-visitor-chen', decision: { granted: false, reason: 'VISITOR_SCOPE' } })
  t.match(await edge.waitForScreen('b2-door', 'the refusal', (screen) => screen.decision !== null), { personName: '陈访客', decision: { granted: false, reason: 'VISITOR_SCOPE' } })
  t.same([relayPulses(readers.north), relayPulses(readers.b1), relayPulses(readers.b2)], [1, 1, 0], "building 2's door never moved")
})

t.test('a resident who is through the gate cannot open another building, nor can an unknown card', async (t) => {
  const { edge, readers } = await compound(t)
  readers.b1.presentCard(LI_CARD)
  t.match(await edge.waitForNthEvent(1), { doorId: 'b1-door', personId: 'p-li', decision: { granted: false, reason: 'DOOR_NOT_PERMITTED' } })
  readers.b1.presentCard({ facility: 99, card: 12345 })
  t.match(await edge.waitForNthEvent(2), { doorId: 'b1-door', credential: { kind: 'card', maskedReference: '***2345' }, decision: { granted: false, reason: 'UNKNOWN_CREDENTIAL' } })
  t.notOk('personId' in edge.events()[1]!, 'an unknown card names nobody')
  t.equal(relayPulses(readers.b1), 0)
})

t.test('the visitor pass ends with its time box: EXPIRED at the gate', async (t) => {
  const { edge, clock, readers } = await compound(t)
  clock.advance(5 * HOUR_MS)
  readers.north.typeKeys(`${VISITOR_PIN}#`)
  t.match(await edge.waitForNthEvent(1), { doorId: 'north-gate', personId: 'p-visitor-chen', decision: { granted: false, reason: 'EXPIRED' } })
  t.equal(relayPulses(readers.north), 0)
})
