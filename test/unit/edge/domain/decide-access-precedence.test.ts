/**
 * When several rules apply, the one earlier in decide-access.ts's ORDER OF CHECKS gives the reason.
 * Each case breaks two (or more) rules at once.
 */
import t from 'tap'
import {
  DAY_MS,
  HOUR_MS,
  MONDAY_10AM_MS,
  makeCredential,
  makeLockdown,
  makeMedicalException,
  makeObservation,
  makePerson,
  makePhoneKey,
  makeSchedule,
  type MutableEntities,
} from '../../../fakes/policy-rows.js'
import type { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { decide, fever } from './decide-access-harness.js'

const all = (...steps: ((e: MutableEntities) => void)[]) => (e: MutableEntities) => steps.forEach((step) => step(e))
const zhangCard = (patch: Partial<ReturnType<typeof makeCredential>>) => (e: MutableEntities) =>
  void (e.credential = e.credential.map((c) => (c.id === 'c-zhang' ? { ...c, ...patch } : c)))
const expired = zhangCard({ validUntilMs: MONDAY_10AM_MS - 1 })
const revoked = zhangCard({ status: 'revoked' })
const observed = (e: MutableEntities) => void e.observation.push(makeObservation('obs', 'person', 'p-zhang', 0, MONDAY_10AM_MS + DAY_MS))
const sealedB1 = (e: MutableEntities) => void e.lockdown.push(makeLockdown('ld', 'b1', 0, MONDAY_10AM_MS + DAY_MS))
const staleDoor = (e: MutableEntities) => void (e.door = e.door.map((d) => ({ ...d, maxPolicyAgeMs: HOUR_MS })))
const offlineForDays = { isHubConnected: false, policyAgeMs: 3 * DAY_MS }
const lastIn = (view: InMemoryPolicyView) =>
  view.setAntiPassbackState('p-zhang', 'compound', { direction: 'in', atMs: MONDAY_10AM_MS - HOUR_MS, doorId: 'north-gate' })
const boundPass = (e: MutableEntities) => {
  e.credential.push(makeCredential('c-pass', 'p-zhang', 'pass:A0123', { kind: 'entry-pass', boundPhoneKeyId: 'pk-zhang', validUntilMs: MONDAY_10AM_MS - 1 }))
  e['phone-key'].push(makePhoneKey('pk-zhang', 'p-zhang', { passCredentialId: 'c-pass' }))
}
const passFromFriendsPhone = { credential: { presentedAs: 'pass' as const, lookupKey: 'pass:A0123', phoneKeyId: 'pk-friend' } }

const CASES: { name: string; expected: string; scenario: Parameters<typeof decide>[0] }[] = [
  { name: 'REPLAYED before UNKNOWN_CREDENTIAL', expected: 'REPLAYED', scenario: { request: { isReplay: true, credential: { presentedAs: 'qr', lookupKey: 'pin:0000' } } } },
  { name: 'UNKNOWN_CREDENTIAL before DOOR_NOT_PERMITTED', expected: 'UNKNOWN_CREDENTIAL', scenario: { request: { doorId: 'nowhere', credential: { presentedAs: 'pin', lookupKey: 'pin:0000' } } } },
  { name: 'REVOKED before EXPIRED', expected: 'REVOKED', scenario: { entities: all(revoked, expired) } },
  { name: 'REVOKED before POLICY_STALE', expected: 'REVOKED', scenario: { entities: all(revoked, staleDoor), context: offlineForDays } },
  { name: 'PASS_HOLDER_MISMATCH before EXPIRED', expected: 'PASS_HOLDER_MISMATCH', scenario: { entities: boundPass, request: passFromFriendsPhone } },
  { name: 'PASS_HOLDER_MISMATCH before ANTI_PASSBACK and FEVER', expected: 'PASS_HOLDER_MISMATCH', scenario: { entities: boundPass, view: lastIn, request: { ...passFromFriendsPhone, doorId: 'north-gate', temperature: fever() } } },
  { name: 'PASS_HOLDER_MISMATCH before an unknown door', expected: 'PASS_HOLDER_MISMATCH', scenario: { entities: boundPass, request: { ...passFromFriendsPhone, doorId: 'nowhere' } } },
  { name: 'POLICY_STALE before EXPIRED', expected: 'POLICY_STALE', scenario: { entities: all(staleDoor, expired), context: offlineForDays } },
  { name: 'CLOCK_UNTRUSTED (dated card) before BUILDING_LOCKDOWN', expected: 'CLOCK_UNTRUSTED', scenario: { entities: all(zhangCard({ validUntilMs: MONDAY_10AM_MS + DAY_MS }), sealedB1), context: { isClockTrusted: false } } },
  { name: 'EXPIRED before BUILDING_LOCKDOWN', expected: 'EXPIRED', scenario: { entities: all(expired, sealedB1) } },
  { name: 'EXPIRED before QUARANTINED', expected: 'EXPIRED', scenario: { entities: all(expired, observed), request: { direction: 'out' } } },
  { name: 'BUILDING_LOCKDOWN before QUARANTINED', expected: 'BUILDING_LOCKDOWN', scenario: { entities: all(sealedB1, observed), request: { direction: 'out' } } },
  { name: 'QUARANTINED before DOOR_NOT_PERMITTED', expected: 'QUARANTINED', scenario: { entities: observed, request: { direction: 'out', doorId: 'b2-door' } } },
  { name: 'BUILDING_LOCKDOWN refuses a visitor at their sealed host building', expected: 'BUILDING_LOCKDOWN', scenario: { entities: all(sealedB1, visitorPass), request: visitorAt('b1-door') } },
  { name: 'VISITOR_SCOPE before FEVER', expected: 'VISITOR_SCOPE', scenario: { entities: visitorPass, request: { ...visitorAt('b2-door'), temperature: fever() } } },
  { name: 'DOOR_NOT_PERMITTED before ANTI_PASSBACK', expected: 'DOOR_NOT_PERMITTED', scenario: { entities: (e) => void (e.access = e.access.filter((a) => a.doorId !== 'north-gate')), view: lastIn, request: { doorId: 'north-gate' } } },
  { name: 'OUTSIDE_SCHEDULE before TEMPERATURE_REQUIRED', expected: 'OUTSIDE_SCHEDULE', scenario: { entities: nightShiftAtNorthGate, request: { doorId: 'north-gate' } } },
  { name: 'ANTI_PASSBACK before FEVER', expected: 'ANTI_PASSBACK', scenario: { view: lastIn, request: { doorId: 'north-gate', temperature: fever() } } },
  { name: 'FEVER with a soft anti-passback flag still denies', expected: 'FEVER', scenario: { view: lastIn, request: { doorId: 'east-gate', temperature: fever() } } },
  { name: 'MEDICAL_EXCEPTION still needs a permission for the door', expected: 'DOOR_NOT_PERMITTED', scenario: { entities: all(observed, exception), request: { direction: 'out', doorId: 'b2-door' } } },
  { name: 'MEDICAL_EXCEPTION is the grant reason when it let them out', expected: 'MEDICAL_EXCEPTION', scenario: { entities: all(observed, exception), request: { direction: 'out', doorId: 'north-gate' } } },
]

for (const { name, expected, scenario } of CASES) {
  t.test(name, async (t) => {
    t.equal(decide(scenario).reason, expected)
  })
}

function visitorPass(e: MutableEntities): void {
  e.person.push(makePerson('p-guest', { role: 'visitor' }))
  e.credential.push(
    makeCredential('c-guest', 'p-guest', 'visitor:abcdefgh', { kind: 'visitor', hostPersonId: 'p-zhang', hostBuildingId: 'b1', validUntilMs: MONDAY_10AM_MS + DAY_MS }),
  )
}

function visitorAt(doorId: string) {
  return { doorId, credential: { presentedAs: 'qr' as const, lookupKey: 'visitor:abcdefgh' } }
}

function nightShiftAtNorthGate(e: MutableEntities): void {
  e.schedule.push(makeSchedule('night', ['daily 22:00-06:00']))
  e.access = e.access.map((a) => (a.doorId === 'north-gate' ? { ...a, scheduleId: 'night' } : a))
}

function exception(e: MutableEntities): void {
  e['medical-exception'].push(makeMedicalException('mx', 'p-zhang', 0, MONDAY_10AM_MS + HOUR_MS))
}
