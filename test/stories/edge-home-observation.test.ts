/**
 * Story 3, home observation and sealed buildings, at the door of building 1: an observed
 * household may come home but not go out (a logged medical exception lets them out), the order
 * lifts by itself on its release date; a sealed building refuses its residents both ways except
 * exempt staff, and reopens on day 15. All of it from the cached policy, with no hub.
 */
import t, { type Test } from 'tap'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import {
  DAY_MS,
  HOUR_MS,
  communityEntities,
  makeAccess,
  makeCredential,
  makeLockdown,
  makeMedicalException,
  makeObservation,
  makePerson,
  type MutableEntities,
} from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { startStoryEdge } from './story-edge.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'
import { WarpClock } from './warp-clock.js'

const ZHANG_CARD = { facility: 212, card: 7041 }
const DOCTOR_CARD = { facility: 212, card: 9001 }
const PULSE_MS = 500

const config = storyConfig({
  osdpBuses: [osdpBus('bus-1', { 'b1-in': 1, 'b1-out': 2 })],
  doors: [
    {
      id: 'b1-door',
      failMode: 'fail-secure',
      lock: { kind: 'osdp', reader: 'b1-in', output: 0 },
      pulseMs: PULSE_MS,
      entries: [
        { reader: 'b1-in', direction: 'in' },
        { reader: 'b1-out', direction: 'out' },
      ],
    },
  ],
})

async function buildingOne(t: Test, policy: (entities: MutableEntities, nowMs: number) => void) {
  const clock = new WarpClock()
  const entities = communityEntities()
  policy(entities, clock.now())
  const entering = storyReader(clock, 1)
  const leaving = storyReader(clock, 2)
  const edge = await startStoryEdge(t, { config, entities, clock, devices: { 'bus-1': new MultiDropBus([entering, leaving]) } })
  /** The resident walks through and the strike relocks. */
  const walkThrough = () => clock.advance(PULSE_MS)
  return { edge, clock, entering, leaving, lock: entering, walkThrough }
}

/** Zhang's household (h-101) has been under 14-day home observation since yesterday. */
function observedSinceYesterday(entities: MutableEntities, nowMs: number): void {
  entities.observation.push(makeObservation('o-h101', 'household', 'h-101', nowMs - DAY_MS, nowMs + 13 * DAY_MS))
}

t.test('a resident under home observation comes home, and is refused going out', async (t) => {
  const { edge, entering, leaving, lock, walkThrough } = await buildingOne(t, observedSinceYesterday)
  const pulsed = nextRelayPulse(lock)
  entering.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { doorId: 'b1-door', direction: 'in', personId: 'p-zhang', decision: { granted: true, reason: 'GRANTED' } })
  await pulsed
  walkThrough()

  leaving.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(2), { doorId: 'b1-door', direction: 'out', personId: 'p-zhang', decision: { granted: false, reason: 'QUARANTINED' } })
  t.match(await edge.waitForScreen('b1-door', 'the refusal', (screen) => screen.decision?.reason === 'QUARANTINED'), {
    personName: '张建国',
    decision: { granted: false, text: { zh: '居家观察期间请勿外出', en: 'Under home observation: please stay home' } },
  })
  t.equal(relayPulses(lock), 1, 'the door opened to come in only')
})

t.test('a logged medical exception lets an observed resident out, journalled as MEDICAL_EXCEPTION', async (t) => {
  const { edge, leaving, lock } = await buildingOne(t, (entities, nowMs) => {
    observedSinceYesterday(entities, nowMs)
    entities['medical-exception'].push(makeMedicalException('m-zhang-clinic', 'p-zhang', nowMs - HOUR_MS, nowMs + 3 * HOUR_MS))
  })
  const pulsed = nextRelayPulse(lock)
  leaving.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { direction: 'out', personId: 'p-zhang', decision: { granted: true, reason: 'MEDICAL_EXCEPTION' } })
  await pulsed
  t.match(await edge.waitForScreen('b1-door', 'the grant', (screen) => screen.decision !== null), { decision: { granted: true, reason: 'MEDICAL_EXCEPTION' } })
})

t.test('the observation order lifts by itself on its release date', async (t) => {
  const { edge, clock, leaving, lock } = await buildingOne(t, observedSinceYesterday)
  leaving.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { direction: 'out', decision: { granted: false, reason: 'QUARANTINED' } })

  clock.advance(13 * DAY_MS + HOUR_MS)
  const pulsed = nextRelayPulse(lock)
  leaving.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(2), { direction: 'out', personId: 'p-zhang', decision: { granted: true, reason: 'GRANTED' } })
  await pulsed
  t.equal(relayPulses(lock), 1)
})

t.test('a sealed building refuses its residents both ways, lets exempt staff through, and reopens on day 15', async (t) => {
  const { edge, clock, entering, leaving, lock, walkThrough } = await buildingOne(t, (entities, nowMs) => {
    entities.lockdown.push(makeLockdown('l-b1', 'b1', nowMs - DAY_MS, nowMs + 13 * DAY_MS))
    // The community doctor may enter a sealed building: staff with a lockdown-exempt access row.
    entities.person.push(makePerson('p-doctor-liu', { displayName: '刘医生', role: 'staff' }))
    entities.credential.push(makeCredential('c-doctor-liu', 'p-doctor-liu', 'card:h10301:212:9001'))
    entities.access.push(makeAccess('p-doctor-liu', 'b1-door', { isLockdownExempt: true }))
  })
  entering.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { direction: 'in', personId: 'p-zhang', decision: { granted: false, reason: 'BUILDING_LOCKDOWN' } })
  leaving.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(2), { direction: 'out', personId: 'p-zhang', decision: { granted: false, reason: 'BUILDING_LOCKDOWN' } })
  t.match(await edge.waitForScreen('b1-door', 'the lockdown refusal', (screen) => screen.decision?.reason === 'BUILDING_LOCKDOWN'), { decision: { granted: false } })
  t.equal(relayPulses(lock), 0, 'sealed: the door did not open for a resident')

  let pulsed = nextRelayPulse(lock, "the doctor's entry")
  entering.presentCard(DOCTOR_CARD)
  t.match(await edge.waitForNthEvent(3), { direction: 'in', personId: 'p-doctor-liu', decision: { granted: true, reason: 'GRANTED' } })
  await pulsed
  walkThrough()

  clock.advance(13 * DAY_MS + HOUR_MS)
  pulsed = nextRelayPulse(lock, 'the first resident out on day 15')
  leaving.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(4), { direction: 'out', personId: 'p-zhang', decision: { granted: true, reason: 'GRANTED' } })
  await pulsed
  t.equal(relayPulses(lock), 2, 'the doctor, then the reopening')
})
