import t from 'tap'
import { HOUR_MS, MONDAY_10AM_MS, type MutableEntities } from '../../../fakes/policy-rows.js'
import type { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { decide, fever, normal } from './decide-access-harness.js'

const lastIn = (atMs = MONDAY_10AM_MS - HOUR_MS) => (view: InMemoryPolicyView) =>
  view.setAntiPassbackState('p-zhang', 'compound', { direction: 'in', atMs, doorId: 'north-gate' })
const lastOut = (view: InMemoryPolicyView) =>
  view.setAntiPassbackState('p-zhang', 'compound', { direction: 'out', atMs: MONDAY_10AM_MS - HOUR_MS, doorId: 'east-gate' })
const northGate = { doorId: 'north-gate', temperature: normal() }

t.test('anti-passback', async (t) => {
  const twice = decide({ view: lastIn(), request: northGate })
  t.same([twice.granted, twice.reason], [false, 'ANTI_PASSBACK'], 'refuses a pass entering twice without leaving (hard) with ANTI_PASSBACK')
  t.equal(decide({ view: lastOut, request: northGate }).reason, 'GRANTED', 'lets them in again after they left')
  t.equal(decide({ request: northGate }).reason, 'GRANTED', 'lets in someone with no recorded passage')
  t.equal(decide({ view: lastIn(), request: { ...northGate, direction: 'out' } }).reason, 'GRANTED', 'never refuses going out')
  const soft = decide({ view: lastIn(), request: { doorId: 'east-gate' } })
  t.same([soft.granted, soft.reason, soft.flags], [true, 'GRANTED', ['ANTI_PASSBACK']], 'soft: grants but flags ANTI_PASSBACK')
  t.same(decide({ view: lastIn(), request: { doorId: 'b1-door' } }).reason, 'GRANTED', 'doors with anti-passback off ignore the state')
  const timed = (e: MutableEntities) => void (e.door = e.door.map((d) => (d.id === 'north-gate' ? { ...d, antiPassbackResetMs: 4 * HOUR_MS } : d)))
  t.equal(decide({ entities: timed, view: lastIn(MONDAY_10AM_MS - 5 * HOUR_MS), request: northGate }).reason, 'GRANTED', 'forgets the state after antiPassbackResetMs')
  t.equal(decide({ entities: timed, view: lastIn(MONDAY_10AM_MS - 3 * HOUR_MS), request: northGate }).reason, 'ANTI_PASSBACK', 'remembers it before')
  t.equal(
    decide({ entities: timed, view: lastIn(MONDAY_10AM_MS - 5 * HOUR_MS), request: northGate, context: { isClockTrusted: false } }).reason,
    'ANTI_PASSBACK',
    'cannot forget on an untrusted clock',
  )
})

t.test('temperature', async (t) => {
  const refused = decide({ request: { doorId: 'north-gate', temperature: fever() } })
  t.same([refused.granted, refused.reason], [false, 'FEVER'], 'refuses a resident with a fever entering with FEVER')
  t.equal(decide({ request: { doorId: 'b1-door', temperature: fever() } }).reason, 'FEVER', 'refuses a measured fever even where no measurement is required')
  t.equal(decide({ request: { doorId: 'north-gate', direction: 'out', temperature: fever() } }).reason, 'GRANTED', 'lets a person with a fever leave')
  t.equal(decide({ request: { doorId: 'north-gate' } }).reason, 'TEMPERATURE_REQUIRED', 'refuses entry without a measurement where one is required')
  const bad = { status: 'bad-reading', celsius: 31.2, isRemeasured: true } as const
  t.equal(decide({ request: { doorId: 'north-gate', temperature: bad } }).reason, 'TEMPERATURE_REQUIRED', 'a bad reading is no measurement')
  t.equal(decide({ request: { doorId: 'north-gate', direction: 'out' } }).reason, 'GRANTED', 'going out needs no measurement')
  t.equal(decide({ request: northGate }).reason, 'GRANTED', 'grants with a normal measurement')
  const cleared = { status: 'normal', celsius: 36.9, isRemeasured: true, checkedBy: { id: 's-1', name: '王阿姨' } } as const
  t.equal(decide({ request: { doorId: 'north-gate', temperature: cleared } }).reason, 'GRANTED', 'grants after staff cleared a fever')
})

t.test('policy staleness', async (t) => {
  const guarded = (e: MutableEntities) => void (e.door = e.door.map((d) => (d.id === 'b1-door' ? { ...d, maxPolicyAgeMs: 24 * HOUR_MS } : d)))
  const stale = decide({ entities: guarded, context: { isHubConnected: false, policyAgeMs: 25 * HOUR_MS } })
  t.same([stale.granted, stale.reason], [false, 'POLICY_STALE'], 'refuses with POLICY_STALE offline past the door maximum')
  t.equal(decide({ entities: guarded, context: { isHubConnected: false, policyAgeMs: 23 * HOUR_MS } }).reason, 'GRANTED', 'offline within the maximum: decides as usual')
  t.equal(decide({ entities: guarded, context: { isHubConnected: true, policyAgeMs: 25 * HOUR_MS } }).reason, 'GRANTED', 'connected: the maximum does not apply')
  t.equal(decide({ context: { isHubConnected: false, policyAgeMs: 1e12 } }).reason, 'GRANTED', 'a door without a maximum keeps working offline for ever')
  t.equal(decide({ entities: guarded, context: { isHubConnected: false, policyAgeMs: Number.NaN } }).reason, 'POLICY_STALE', 'an unknown age is stale')
})

t.test('a door locked by command', async (t) => {
  const locked = { doorsLockedByCommand: new Set(['b1-door']) }
  const refused = decide({ context: locked })
  t.same([refused.granted, refused.reason, refused.evidence], [false, 'DOOR_LOCKED_BY_COMMAND', { entity: 'door', key: 'b1-door' }], 'refuses every credential with DOOR_LOCKED_BY_COMMAND')
  t.equal(decide({ context: locked, request: { direction: 'out' } }).reason, 'DOOR_LOCKED_BY_COMMAND', 'both ways')
  t.equal(decide({ context: locked, request: { doorId: 'east-gate' } }).reason, 'GRANTED', 'other doors are not locked')
  t.equal(decide({ context: locked, request: { credential: { presentedAs: 'card', lookupKey: 'card:h10301:1:1' } } }).reason, 'UNKNOWN_CREDENTIAL', 'an unknown card is still reported as unknown')
  t.equal(decide({ context: { ...locked, isHubConnected: false, policyAgeMs: Number.MAX_SAFE_INTEGER } }).reason, 'DOOR_LOCKED_BY_COMMAND', 'before the policy age')
  t.equal(decide({ context: { doorsLockedByCommand: new Set() } }).reason, 'GRANTED', 'RELEASE empties the set')
})
