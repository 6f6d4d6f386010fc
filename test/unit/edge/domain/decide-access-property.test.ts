/**
 * decideAccess over random policies and random requests (seeded, so a failure replays): it never
 * throws, it is deterministic, and a grant never contradicts the policy it was decided from.
 */
import t from 'tap'
import { DENY_REASONS, GRANT_REASONS } from '../../../../protocol/mqtt/messages/access-event.js'
import { decideAccess } from '../../../../edge/src/domain/decide-access.js'
import type { AccessRequest, DecisionContext } from '../../../../edge/src/domain/access-request.js'
import { ByteFuzzer } from '../../../fuzz/byte-fuzzer.js'
import { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { BUILDINGS, DOORS, KEYS, PEOPLE, maybe, randomContext, randomRequest, time } from '../../../fakes/random-access-requests.js'
import {
  DAY_MS,
  makeAccess,
  makeCredential,
  makeDoor,
  makeLockdown,
  makeMedicalException,
  makeObservation,
  makePerson,
  makePhoneKey,
  makeSchedule,
  makeSite,
  type MutableEntities,
} from '../../../fakes/policy-rows.js'

const POLICIES = 200
const REQUESTS_PER_POLICY = 60
const WINDOWS = ['mon-fri 07:00-22:00', 'daily 22:00-06:00', 'sat,sun 00:00-24:00', 'broken window']



function randomEntities(random: ByteFuzzer): MutableEntities {
  const span = () => {
    const start = time(random) - random.int(10) * DAY_MS
    return [start, start + (1 + random.int(20)) * DAY_MS] as const
  }
  const finite = (value: number) => (Number.isFinite(value) ? Math.max(0, Math.min(value, 8e15)) : 0)
  return {
    site: [makeSite({ utcOffsetMinutes: random.int(1441) - 720 })],
    door: DOORS.map((id) =>
      makeDoor(id, {
        kind: random.pick(['gate', 'building'] as const),
        buildingId: maybe(random, random.pick(BUILDINGS)),
        antiPassback: random.pick(['off', 'soft', 'hard'] as const),
        antiPassbackGroupId: random.pick(['g0', 'g1']),
        antiPassbackResetMs: maybe(random, random.int(5) * DAY_MS),
        isTemperatureRequired: random.chance(0.5),
        maxPolicyAgeMs: maybe(random, random.int(3) * DAY_MS),
      }),
    ),
    person: PEOPLE.filter(() => random.chance(0.9)).map((id) =>
      makePerson(id, {
        role: random.pick(['resident', 'tenant', 'staff', 'visitor'] as const),
        householdId: maybe(random, random.pick(['h0', 'h1'])),
        buildingId: maybe(random, random.pick(BUILDINGS)),
      }),
    ),
    credential: KEYS.filter(() => random.chance(0.8)).map((key, index) =>
      makeCredential(`c${index}`, random.pick(PEOPLE), key, {
        kind: random.pick(['card', 'pin', 'entry-pass', 'phone', 'visitor'] as const),
        status: random.chance(0.1) ? 'revoked' : 'active',
        validFromMs: maybe(random, finite(time(random) - 5 * DAY_MS), 0.2),
        validUntilMs: maybe(random, finite(time(random) + 5 * DAY_MS), 0.2),
        boundPhoneKeyId: maybe(random, random.pick(['k0', 'k1']), 0.15),
        hostBuildingId: maybe(random, random.pick(BUILDINGS)),
      }),
    ),
    access: Array.from({ length: 8 + random.int(24) }, (_, index) =>
      makeAccess(random.pick(PEOPLE), random.pick(DOORS), {
        id: `a${index}`,
        scheduleId: maybe(random, random.pick(['s0', 's1', 'missing']), 0.3),
        isLockdownExempt: random.chance(0.3),
      }),
    ),
    schedule: ['s0', 's1'].map((id) =>
      makeSchedule(id, [random.pick(WINDOWS)], { holidays: random.chance(0.3) ? ['2026-03-02'] : [], holidayWindows: [random.pick(WINDOWS)] }),
    ),
    observation: Array.from({ length: random.int(3) }, (_, index) =>
      makeObservation(`o${index}`, random.pick(['person', 'household', 'building'] as const), random.pick([...PEOPLE, 'h0', 'h1', ...BUILDINGS]), ...span()),
    ),
    'medical-exception': Array.from({ length: random.int(3) }, (_, index) => makeMedicalException(`m${index}`, random.pick(PEOPLE), ...span())),
    lockdown: Array.from({ length: random.int(2) }, (_, index) => makeLockdown(`l${index}`, random.pick(BUILDINGS), ...span())),
    'phone-key': ['k0', 'k1'].map((id) =>
      makePhoneKey(id, random.pick(PEOPLE), { status: random.chance(0.2) ? 'revoked' : 'active', passCredentialId: maybe(random, `c${random.int(8)}`) }),
    ),
  }
}




t.test('decideAccess never throws and never contradicts the policy (12,000 random cases)', async (t) => {
  const random = new ByteFuzzer(20260302)
  const failures: string[] = []
  const seen = new Map<string, number>()
  let cases = 0
  for (let p = 0; p < POLICIES; p++) {
    const entities = randomEntities(random)
    const view = InMemoryPolicyView.fromEntities(entities)
    for (const person of PEOPLE) view.setAntiPassbackState(person, 'g0', random.chance(0.5) ? { direction: random.pick(['in', 'out'] as const), atMs: time(random), doorId: 'd0' } : null)
    for (let r = 0; r < REQUESTS_PER_POLICY; r++, cases++) {
      const request = randomRequest(random)
      const context = randomContext(random)
      const problem = violation(request, view, context)
      const { reason } = decideAccess(request, view, context)
      seen.set(reason, (seen.get(reason) ?? 0) + 1)
      if (problem !== null && failures.length < 5) failures.push(`policy ${p} request ${r}: ${problem}`)
    }
  }
  t.equal(cases, POLICIES * REQUESTS_PER_POLICY)
  t.same(failures, [])
  t.ok((seen.get('GRANTED') ?? 0) > 100, `granted ${seen.get('GRANTED')} times: the generator reaches the grant path`)
  t.ok(seen.size >= 18, `${seen.size} distinct reasons: ${[...seen.keys()].sort().join(' ')}`)
})

function violation(request: AccessRequest, view: InMemoryPolicyView, context: DecisionContext): string | null {
  let outcome
  try {
    outcome = decideAccess(request, view, context)
  } catch (error) {
    return `threw ${String(error)}`
  }
  if (JSON.stringify(decideAccess(request, view, context)) !== JSON.stringify(outcome)) return 'not deterministic'
  const reasons: readonly string[] = outcome.granted ? GRANT_REASONS : DENY_REASONS
  if (!reasons.includes(outcome.reason)) return `reason ${outcome.reason} with granted ${outcome.granted}`
  if (request.isReplay && outcome.reason !== 'REPLAYED') return 'a replay was not refused as REPLAYED'
  if (!outcome.granted) return null
  const credential = view.credentialByLookupKey(request.credential.lookupKey)
  const door = view.door(request.doorId)
  if (credential === null || credential.status === 'revoked') return 'granted an unknown or revoked credential'
  if (door === null) return 'granted at an unknown door'
  if (outcome.reason === 'MANUAL_OVERRIDE') return 'decideAccess never overrides by hand'
  if (outcome.reason === 'MEDICAL_EXCEPTION' && request.direction !== 'out') return 'a medical exception on the way in'
  if (request.direction === 'in' && request.temperature.status === 'fever') return 'let a fever in'
  if (request.direction === 'in' && door.isTemperatureRequired && request.temperature.status !== 'normal') return 'let someone in unmeasured'
  const person = view.person(credential.personId)!
  const isVisitor = credential.kind === 'visitor' || person.role === 'visitor'
  if (!isVisitor && view.accessFor(person.id, door.id).length === 0) return 'granted without an access row'
  if (!context.isClockTrusted && (credential.validFromMs !== null || credential.validUntilMs !== null)) return 'granted a dated credential on an untrusted clock'
  return null
}
