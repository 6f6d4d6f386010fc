import t from 'tap'
import {
  DAY_MS,
  HOUR_MS,
  MONDAY_10AM_MS,
  makeAccess,
  makeCredential,
  makeLockdown,
  makeMedicalException,
  makeObservation,
  makePerson,
  makeSchedule,
  type MutableEntities,
} from '../../../fakes/policy-rows.js'
import { decide } from './decide-access-harness.js'

const FOURTEEN_DAYS_MS = 14 * DAY_MS
const VISITOR = 'visitor:Q7dK2mXw9pL'

t.test('refuses a resident at another building door with DOOR_NOT_PERMITTED', async (t) => {
  t.same([decide({ request: { doorId: 'b2-door' } }).reason, decide({ request: { doorId: 'b2-door' } }).granted], ['DOOR_NOT_PERMITTED', false])
})

t.test('refuses a door this edge does not know with DOOR_NOT_PERMITTED', async (t) => {
  t.equal(decide({ request: { doorId: 'no-such-door' } }).reason, 'DOOR_NOT_PERMITTED')
})

t.test('schedules', async (t) => {
  const cleaner = (schedule: ReturnType<typeof makeSchedule>) => (e: MutableEntities) => {
    e.schedule.push(schedule)
    e.access = e.access.map((row) => (row.personId === 'p-zhang' ? { ...row, scheduleId: schedule.id } : row))
  }
  const weekdays = cleaner(makeSchedule('weekdays', ['mon-fri 07:00-22:00']))
  t.equal(decide({ entities: weekdays }).reason, 'GRANTED', 'grants inside the window (Monday 10:00 local)')
  t.equal(decide({ entities: weekdays, request: { atMs: MONDAY_10AM_MS - 4 * HOUR_MS } }).reason, 'OUTSIDE_SCHEDULE', 'refuses at 06:00 with OUTSIDE_SCHEDULE')
  t.equal(decide({ entities: weekdays, request: { atMs: MONDAY_10AM_MS - 2 * DAY_MS } }).reason, 'OUTSIDE_SCHEDULE', 'refuses on Saturday')
  const holiday = cleaner(makeSchedule('weekdays', ['mon-fri 07:00-22:00'], { holidays: ['2026-03-02'] }))
  t.equal(decide({ entities: holiday }).reason, 'OUTSIDE_SCHEDULE', 'refuses on a listed holiday with OUTSIDE_SCHEDULE')
  t.equal(decide({ entities: weekdays, context: { isClockTrusted: false } }).reason, 'CLOCK_UNTRUSTED', 'fails closed on an untrusted clock')
  const twoRows = (e: MutableEntities) => {
    weekdays(e)
    e.access.push(makeAccess('p-zhang', 'b1-door', { id: 'a-anytime' }))
  }
  t.equal(
    decide({ entities: twoRows, context: { isClockTrusted: false } }).reason,
    'GRANTED',
    'an unscheduled row still lets them in on an untrusted clock',
  )
  const missing = (e: MutableEntities) => void (e.access = e.access.map((row) => ({ ...row, scheduleId: 'gone' })))
  t.equal(decide({ entities: missing }).reason, 'OUTSIDE_SCHEDULE', 'a row naming a missing schedule never opens')
})

t.test('visitor passes', async (t) => {
  const visitor = (validUntilMs = MONDAY_10AM_MS + 4 * HOUR_MS) => (e: MutableEntities) => {
    e.person.push(makePerson('p-guest', { role: 'visitor', displayName: '访客 王' }))
    e.credential.push(
      makeCredential('c-guest', 'p-guest', VISITOR, {
        kind: 'visitor',
        hostPersonId: 'p-zhang',
        hostBuildingId: 'b1',
        validFromMs: MONDAY_10AM_MS - HOUR_MS,
        validUntilMs,
      }),
    )
  }
  const at = (doorId: string, extra: object = {}) => ({ credential: { presentedAs: 'qr' as const, lookupKey: VISITOR }, doorId, ...extra })
  t.equal(decide({ entities: visitor(), request: at('east-gate') }).reason, 'GRANTED', 'opens a gate without any access row')
  t.equal(decide({ entities: visitor(), request: at('b1-door') }).reason, 'GRANTED', "opens the host's building door")
  const other = decide({ entities: visitor(), request: at('b2-door') })
  t.same([other.granted, other.reason], [false, 'VISITOR_SCOPE'], "refuses another building's door with VISITOR_SCOPE")
  t.equal(decide({ entities: visitor(MONDAY_10AM_MS), request: at('b1-door') }).reason, 'EXPIRED', 'refuses after its window with EXPIRED')
  t.equal(
    decide({ entities: visitor(), request: at('b1-door'), context: { isClockTrusted: false } }).reason,
    'CLOCK_UNTRUSTED',
    'fails closed on an untrusted clock',
  )
  const cardVisitor = (e: MutableEntities) => {
    e.person.push(makePerson('p-guest', { role: 'visitor' }))
    e.credential.push(makeCredential('c-guest-card', 'p-guest', 'card:h10301:212:5000'))
    e.access.push(makeAccess('p-guest', 'b2-door'))
  }
  const card = { credential: { presentedAs: 'card' as const, lookupKey: 'card:h10301:212:5000' }, doorId: 'b2-door' }
  t.equal(decide({ entities: cardVisitor, request: card }).reason, 'VISITOR_SCOPE', 'a visitor with a plain card and no host opens gates only')
})

t.test('home observation', async (t) => {
  const observed = (kind: 'person' | 'household' | 'building', id: string) => (e: MutableEntities) =>
    void e.observation.push(makeObservation('obs-1', kind, id, MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS - DAY_MS + FOURTEEN_DAYS_MS))
  const out = { doorId: 'b1-door', direction: 'out' as const }
  const refused = decide({ entities: observed('person', 'p-zhang'), request: out })
  t.same([refused.granted, refused.reason, refused.evidence], [false, 'QUARANTINED', { entity: 'observation', key: 'obs-1' }], 'refuses a quarantined resident going out with QUARANTINED')
  t.equal(decide({ entities: observed('person', 'p-zhang') }).reason, 'GRANTED', 'lets a quarantined resident come home')
  t.equal(decide({ entities: observed('household', 'h-101'), request: out }).reason, 'QUARANTINED', 'refuses a member of an observed household going out')
  t.equal(decide({ entities: observed('building', 'b1'), request: out }).reason, 'QUARANTINED', 'refuses a resident of an observed building going out')
  t.equal(decide({ entities: observed('household', 'h-999'), request: out }).reason, 'GRANTED', 'another household under observation does not matter')
  const released = { ...out, atMs: MONDAY_10AM_MS - DAY_MS + FOURTEEN_DAYS_MS }
  t.equal(decide({ entities: observed('person', 'p-zhang'), request: released }).reason, 'GRANTED', 'the order lifts by itself on the release date')
  t.equal(
    decide({ entities: observed('person', 'p-zhang'), request: released, context: { isClockTrusted: false } }).reason,
    'QUARANTINED',
    'with an untrusted clock every observation row present holds',
  )
})

t.test('medical exceptions', async (t) => {
  const withException = (startsAtMs: number, endsAtMs: number) => (e: MutableEntities) => {
    e.observation.push(makeObservation('obs-1', 'household', 'h-101', MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS + FOURTEEN_DAYS_MS))
    e['medical-exception'].push(makeMedicalException('mx-1', 'p-zhang', startsAtMs, endsAtMs))
  }
  const out = { direction: 'out' as const }
  const granted = decide({ entities: withException(MONDAY_10AM_MS - HOUR_MS, MONDAY_10AM_MS + HOUR_MS), request: out })
  t.same(
    [granted.granted, granted.reason, granted.evidence],
    [true, 'MEDICAL_EXCEPTION', { entity: 'medical-exception', key: 'mx-1' }],
    'lets an observed resident out with MEDICAL_EXCEPTION, naming the exception for the log',
  )
  t.equal(
    decide({ entities: withException(MONDAY_10AM_MS - 3 * HOUR_MS, MONDAY_10AM_MS - HOUR_MS), request: out }).reason,
    'QUARANTINED',
    'an exception that has ended no longer applies',
  )
  t.equal(
    decide({ entities: withException(MONDAY_10AM_MS - HOUR_MS, MONDAY_10AM_MS + HOUR_MS), request: out, context: { isClockTrusted: false } }).reason,
    'CLOCK_UNTRUSTED',
    'an exception cannot be checked on an untrusted clock',
  )
  const onlyException = (e: MutableEntities) => void e['medical-exception'].push(makeMedicalException('mx-1', 'p-zhang', 0, MONDAY_10AM_MS * 2))
  t.equal(decide({ entities: onlyException, request: out }).reason, 'GRANTED', 'an exception without an observation is an ordinary grant')
})

t.test('building lockdown', async (t) => {
  const sealed = (e: MutableEntities) => {
    e.lockdown.push(makeLockdown('ld-b1', 'b1', MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS - DAY_MS + FOURTEEN_DAYS_MS))
    e.person.push(makePerson('p-wang', { role: 'staff', displayName: '王医生' }), makePerson('p-zhao', { role: 'staff' }))
    e.credential.push(makeCredential('c-wang', 'p-wang', 'card:h10301:212:100'), makeCredential('c-zhao', 'p-zhao', 'card:h10301:212:101'))
    e.access.push(makeAccess('p-wang', 'b1-door', { isLockdownExempt: true }), makeAccess('p-zhao', 'b1-door'))
  }
  const entering = decide({ entities: sealed })
  t.same([entering.granted, entering.reason, entering.evidence], [false, 'BUILDING_LOCKDOWN', { entity: 'lockdown', key: 'ld-b1' }], "refuses a resident entering a sealed building with BUILDING_LOCKDOWN")
  t.equal(decide({ entities: sealed, request: { direction: 'out' } }).reason, 'BUILDING_LOCKDOWN', 'refuses a resident leaving a sealed building')
  const staff = (number: number) => ({ credential: { presentedAs: 'card' as const, lookupKey: `card:h10301:212:${number}` } })
  t.equal(decide({ entities: sealed, request: staff(100) }).reason, 'GRANTED', 'lets staff with an exempt permission through')
  t.equal(decide({ entities: sealed, request: staff(101) }).reason, 'BUILDING_LOCKDOWN', 'refuses staff without an exempt permission')
  t.equal(decide({ entities: sealed, request: { doorId: 'east-gate' } }).reason, 'GRANTED', 'does not seal the gates')
  t.equal(decide({ entities: sealed, request: { atMs: MONDAY_10AM_MS + 13 * DAY_MS } }).reason, 'GRANTED', 'reopens on day 15')
  const residentExempt = (e: MutableEntities) => {
    sealed(e)
    e.access = e.access.map((row) => (row.personId === 'p-zhang' ? { ...row, isLockdownExempt: true } : row))
  }
  t.equal(decide({ entities: residentExempt }).reason, 'BUILDING_LOCKDOWN', 'an exempt flag on a resident does not count: staff only')
})
