import t from 'tap'
import { decideAccess } from '../../../../edge/src/domain/decide-access.js'
import { decidePersonAccess, type PersonAccessRequest } from '../../../../edge/src/domain/decide-person-access.js'
import type { AccessOutcome } from '../../../../edge/src/domain/access-outcome.js'
import type { DecisionContext, Direction } from '../../../../edge/src/domain/access-request.js'
import { NO_TEMPERATURE } from '../../../../edge/src/domain/temperature-result.js'
import { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import {
  DAY_MS,
  HOUR_MS,
  MONDAY_10AM_MS,
  communityEntities,
  makeAccess,
  makeLockdown,
  makeMedicalException,
  makeObservation,
  makePerson,
  makeSchedule,
  type MutableEntities,
} from '../../../fakes/policy-rows.js'

const TRUSTED: DecisionContext = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }
const FORTNIGHT = [MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS + 13 * DAY_MS] as const

interface Scenario {
  readonly entities?: (entities: MutableEntities) => void
  readonly request?: Partial<PersonAccessRequest>
  readonly context?: Partial<DecisionContext>
}

function view(scenario: Scenario): InMemoryPolicyView {
  const entities = communityEntities()
  scenario.entities?.(entities)
  return InMemoryPolicyView.fromEntities(entities)
}

function decide(scenario: Scenario = {}): AccessOutcome {
  const request = { personId: 'p-zhang', doorId: 'b1-door', direction: 'in' as Direction, atMs: MONDAY_10AM_MS, ...scenario.request }
  return decidePersonAccess(request, view(scenario), { ...TRUSTED, ...scenario.context })
}

const observed = (e: MutableEntities) => void e.observation.push(makeObservation('o-1', 'household', 'h-101', ...FORTNIGHT))
const sealed = (e: MutableEntities) => void e.lockdown.push(makeLockdown('l-b1', 'b1', ...FORTNIGHT))

t.test('grants a resident their own building door, naming them, with no credential', async (t) => {
  const outcome = decide()
  t.same(outcome, {
    granted: true,
    reason: 'GRANTED',
    person: { id: 'p-zhang', displayName: '张建国', role: 'resident', photoId: null },
    credentialId: null,
    flags: [],
    evidence: null,
  })
})

t.test('refuses a person this edge does not know with UNKNOWN_CREDENTIAL, an unknown door with DOOR_NOT_PERMITTED', async (t) => {
  t.same([decide({ request: { personId: 'p-nobody' } }).reason, decide({ request: { personId: 'p-nobody' } }).person], ['UNKNOWN_CREDENTIAL', null])
  t.match(decide({ request: { doorId: 'b9-door' } }), { granted: false, reason: 'DOOR_NOT_PERMITTED', person: { id: 'p-zhang' } })
})

t.test("refuses another building's door with DOOR_NOT_PERMITTED", async (t) => {
  t.match(decide({ request: { doorId: 'b2-door' } }), { granted: false, reason: 'DOOR_NOT_PERMITTED', evidence: { entity: 'door', key: 'b2-door' } })
})

t.test('lets a resident under home observation come in but not go out, except on a medical exception', async (t) => {
  t.equal(decide({ entities: observed, request: { direction: 'in' } }).reason, 'GRANTED')
  t.match(decide({ entities: observed, request: { direction: 'out' } }), { granted: false, reason: 'QUARANTINED', evidence: { entity: 'observation', key: 'o-1' } })
  const excepted = (e: MutableEntities) => {
    observed(e)
    e['medical-exception'].push(makeMedicalException('m-1', 'p-zhang', MONDAY_10AM_MS - HOUR_MS, MONDAY_10AM_MS + HOUR_MS))
  }
  t.match(decide({ entities: excepted, request: { direction: 'out' } }), { granted: true, reason: 'MEDICAL_EXCEPTION' })
  t.equal(decide({ entities: excepted, request: { direction: 'out' }, context: { isClockTrusted: false } }).reason, 'CLOCK_UNTRUSTED')
})

t.test("refuses both ways at a sealed building's door, except exempt staff", async (t) => {
  for (const direction of ['in', 'out'] as const) {
    t.match(decide({ entities: sealed, request: { direction } }), { granted: false, reason: 'BUILDING_LOCKDOWN', evidence: { entity: 'lockdown', key: 'l-b1' } }, direction)
  }
  t.equal(decide({ entities: sealed, request: { doorId: 'east-gate' } }).reason, 'GRANTED', 'a gate is not sealed by a building')
  const doctor = (e: MutableEntities) => {
    sealed(e)
    e.person.push(makePerson('p-doctor', { role: 'staff' }))
    e.access.push(makeAccess('p-doctor', 'b1-door', { isLockdownExempt: true }))
  }
  t.equal(decide({ entities: doctor, request: { personId: 'p-doctor' } }).reason, 'GRANTED')
})

t.test('refuses a visitor with VISITOR_SCOPE at every door: their scope lives in the pass a remote open does not show', async (t) => {
  const visitor = (e: MutableEntities) => {
    e.person.push(makePerson('p-guest', { role: 'visitor' }))
    e.access.push(makeAccess('p-guest', 'east-gate'))
  }
  for (const doorId of ['east-gate', 'b1-door']) {
    t.equal(decide({ entities: visitor, request: { personId: 'p-guest', doorId } }).reason, 'VISITOR_SCOPE', doorId)
  }
})

t.test('applies the access row schedule, failing closed on an untrusted clock', async (t) => {
  const weekdays = (e: MutableEntities) => {
    e.schedule.push(makeSchedule('weekdays', ['mon-fri 07:00-22:00']))
    e.access = e.access.map((row) => (row.personId === 'p-zhang' ? { ...row, scheduleId: 'weekdays' } : row))
  }
  t.equal(decide({ entities: weekdays }).reason, 'GRANTED')
  t.equal(decide({ entities: weekdays, request: { atMs: MONDAY_10AM_MS - 4 * HOUR_MS } }).reason, 'OUTSIDE_SCHEDULE')
  t.equal(decide({ entities: weekdays, context: { isClockTrusted: false } }).reason, 'CLOCK_UNTRUSTED')
  t.equal(decide({ context: { isClockTrusted: false } }).reason, 'GRANTED', 'an unscheduled row needs no clock')
})

t.test('refuses to let anyone in unmeasured at a door that screens temperature, but lets them out', async (t) => {
  t.match(decide({ request: { doorId: 'north-gate', direction: 'in' } }), { granted: false, reason: 'TEMPERATURE_REQUIRED' })
  t.equal(decide({ request: { doorId: 'north-gate', direction: 'out' } }).reason, 'GRANTED')
})

t.test('refuses with POLICY_STALE when offline longer than the door allows', async (t) => {
  const strict = (e: MutableEntities) => void (e.door = e.door.map((door) => ({ ...door, maxPolicyAgeMs: HOUR_MS })))
  t.equal(decide({ entities: strict, context: { isHubConnected: false, policyAgeMs: 2 * HOUR_MS } }).reason, 'POLICY_STALE')
  t.equal(decide({ entities: strict, context: { isHubConnected: false, policyAgeMs: HOUR_MS } }).reason, 'GRANTED')
})

t.test('ignores anti-passback: the resident may be opening for someone else', async (t) => {
  const hard = (e: MutableEntities) => void (e.door = e.door.map((door) => ({ ...door, antiPassback: 'hard' as const, antiPassbackGroupId: 'compound' })))
  const policy = view({ entities: hard })
  policy.setAntiPassbackState('p-zhang', 'compound', { direction: 'in', atMs: MONDAY_10AM_MS - HOUR_MS, doorId: 'east-gate' })
  const request = { personId: 'p-zhang', doorId: 'b1-door', direction: 'in' as const, atMs: MONDAY_10AM_MS }
  t.match(decidePersonAccess(request, policy, TRUSTED), { granted: true, flags: [] })
})

t.test("agrees with decideAccess on the person's open-ended card wherever no credential or passage rule differs", async (t) => {
  const scenarios: Array<[string, (e: MutableEntities) => void]> = [
    ['plain', () => {}],
    ['observed', observed],
    ['sealed', sealed],
    ['observed and sealed', (e) => (observed(e), sealed(e))],
    ['building observed', (e) => void e.observation.push(makeObservation('o-b', 'building', 'b1', ...FORTNIGHT))],
  ]
  const noScreening = (e: MutableEntities) => void (e.door = e.door.map((door) => ({ ...door, isTemperatureRequired: false, antiPassback: 'off' as const })))
  for (const [name, entities] of scenarios) {
    const policy = view({ entities: (e) => (noScreening(e), entities(e)) })
    for (const doorId of ['north-gate', 'east-gate', 'b1-door', 'b2-door', 'b9-door']) {
      for (const direction of ['in', 'out'] as const) {
        for (const isClockTrusted of [true, false]) {
          const context = { ...TRUSTED, isClockTrusted }
          const byPerson = decidePersonAccess({ personId: 'p-zhang', doorId, direction, atMs: MONDAY_10AM_MS }, policy, context)
          const byCard = decideAccess(
            { credential: { presentedAs: 'card', lookupKey: 'card:h10301:212:7041' }, doorId, direction, lane: 'none', atMs: MONDAY_10AM_MS, temperature: NO_TEMPERATURE, isReplay: false },
            policy,
            context,
          )
          const label = `${name} ${doorId} ${direction} clock ${isClockTrusted ? 'trusted' : 'untrusted'}`
          t.same([byPerson.granted, byPerson.reason, byPerson.evidence], [byCard.granted, byCard.reason, byCard.evidence], label)
        }
      }
    }
  }
})
