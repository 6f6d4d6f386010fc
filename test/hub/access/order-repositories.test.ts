import t, { type Test } from 'tap'
import { LockdownRepository } from '../../../hub/src/adapters/sqlite/access/lockdown-repository.js'
import { MedicalExceptionRepository } from '../../../hub/src/adapters/sqlite/access/medical-exception-repository.js'
import { ObservationRepository } from '../../../hub/src/adapters/sqlite/access/observation-repository.js'
import { ADMIN, COMMUNITY, DAY_MS, GRID1_MANAGER, HOUR_MS, T0, auditRows, contextOf, openAccessTestDatabase } from '../../fakes/hub-access-fixtures.js'

const PAGE = { limit: 50, offset: 0 }
const admin = contextOf(ADMIN)

function repositories(t: Test) {
  const database = openAccessTestDatabase(t)
  const { connection } = database
  return {
    database,
    observations: new ObservationRepository(connection),
    exceptions: new MedicalExceptionRepository(connection),
    lockdowns: new LockdownRepository(connection),
  }
}

t.test("a home observation order lasts the site's default days, is released early or extended, each step audited", async (t) => {
  const { database, observations } = repositories(t)
  const placed = observations.place({ subjectKind: 'person', subjectId: COMMUNITY.li, reason: '返深人员' }, contextOf(ADMIN))
  t.match(placed, { ok: true, value: { startsAtMs: T0, endsAtMs: T0 + 14 * DAY_MS, reason: '返深人员', createdByAccountId: ADMIN.accountId, releasedEarlyAtMs: null } })
  if (!placed.ok) throw new Error(placed.code)
  const extended = observations.extend(placed.value.id, { days: 7, reason: 'fever on day 10' }, contextOf(ADMIN, T0 + 10 * DAY_MS))
  t.match(extended, { ok: true, value: { endsAtMs: T0 + 21 * DAY_MS } })
  const released = observations.releaseEarly(placed.value.id, 'negative test', contextOf(GRID1_MANAGER, T0 + 12 * DAY_MS))
  t.match(released, { ok: true, value: { endsAtMs: T0 + 12 * DAY_MS, releasedEarlyAtMs: T0 + 12 * DAY_MS } })
  t.match(observations.releaseEarly(placed.value.id, 'again', contextOf(ADMIN, T0 + 13 * DAY_MS)), { ok: false, code: 'ALREADY_ENDED' })
  t.match(observations.extend(placed.value.id, { days: 1, reason: 'x' }, contextOf(ADMIN, T0 + 13 * DAY_MS)), { ok: false, code: 'ALREADY_ENDED' })
  const audit = auditRows(database).map((row) => [row.action, row.actorId, JSON.parse(row.detail).endsAtMs])
  t.same(audit, [
    ['observation.placed', ADMIN.accountId, T0 + 14 * DAY_MS],
    ['observation.extended', ADMIN.accountId, T0 + 21 * DAY_MS],
    ['observation.released-early', GRID1_MANAGER.accountId, T0 + 12 * DAY_MS],
  ])
})

t.test('the default length follows site.observation_default_days; unknown subjects and past windows are refused', async (t) => {
  const { database, observations } = repositories(t)
  database.connection.prepare('UPDATE sites SET observation_default_days = 7').run()
  t.match(observations.place({ subjectKind: 'building', subjectId: COMMUNITY.building2, reason: '' }, admin), { ok: true, value: { endsAtMs: T0 + 7 * DAY_MS } })
  t.match(observations.place({ subjectKind: 'household', subjectId: 'hh-none', reason: '' }, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  t.match(observations.place({ subjectKind: 'person', subjectId: COMMUNITY.li, endsAtMs: T0 - 1, startsAtMs: T0 - DAY_MS, reason: '' }, admin), { ok: false, code: 'BAD_INTERVAL' })
  t.match(observations.place({ subjectKind: 'person', subjectId: COMMUNITY.li, days: 3, reason: '' }, admin), { ok: true, value: { endsAtMs: T0 + 3 * DAY_MS } })
})

t.test('observation lists: orders that hold a person through their household or building, by grid and by state', async (t) => {
  const { observations } = repositories(t)
  const onHousehold = observations.place({ subjectKind: 'household', subjectId: COMMUNITY.household1, reason: '' }, admin)
  observations.place({ subjectKind: 'building', subjectId: COMMUNITY.building1, startsAtMs: T0 + DAY_MS, reason: '' }, admin)
  observations.place({ subjectKind: 'person', subjectId: COMMUNITY.li, days: 1, reason: '' }, admin)
  t.equal(observations.list({ appliesToPersonId: COMMUNITY.zhangWife }, T0, PAGE).total, 2, "household and building both hold Zhang's wife")
  t.equal(observations.list({ appliesToPersonId: COMMUNITY.li }, T0, PAGE).total, 1)
  t.equal(observations.list({ gridId: COMMUNITY.grid1 }, T0, PAGE).total, 2)
  t.equal(observations.list({ gridId: COMMUNITY.grid2 }, T0, PAGE).total, 1)
  t.equal(observations.list({ state: 'in-force' }, T0, PAGE).total, 2)
  t.equal(observations.list({ state: 'upcoming' }, T0, PAGE).total, 1)
  t.equal(observations.list({ state: 'ended' }, T0 + 2 * DAY_MS, PAGE).total, 1)
  t.same(observations.list({ subjectKind: 'household' }, T0, PAGE).items.map((order) => order.id), [onHousehold.ok ? onHousehold.value.id : ''])
})

t.test('a medical exception names who approved it and its window, and can end early', async (t) => {
  const { database, exceptions } = repositories(t)
  const granted = exceptions.grant({ personId: COMMUNITY.li, endsAtMs: T0 + 4 * HOUR_MS, approvedBy: '社区医生 周医生', reason: 'dialysis' }, admin)
  t.match(granted, { ok: true, value: { startsAtMs: T0, endsAtMs: T0 + 4 * HOUR_MS, approvedBy: '社区医生 周医生' } })
  t.match(exceptions.grant({ personId: COMMUNITY.li, startsAtMs: T0 + HOUR_MS, endsAtMs: T0, approvedBy: 'x', reason: '' }, admin), { ok: false, code: 'BAD_INTERVAL' })
  if (!granted.ok) throw new Error(granted.code)
  t.match(exceptions.endEarly(granted.value.id, 'back home', contextOf(ADMIN, T0 + HOUR_MS)), { ok: true, value: { endsAtMs: T0 + HOUR_MS } })
  t.equal(exceptions.list({ gridId: COMMUNITY.grid2, state: 'current' }, T0 + 2 * HOUR_MS, PAGE).total, 0)
  t.equal(exceptions.list({ personId: COMMUNITY.li }, T0, PAGE).total, 1)
  t.same(auditRows(database).map((row) => row.action), ['medical-exception.granted', 'medical-exception.ended-early'])
})

t.test('a building is sealed for 14 days and reopens on day 15, or is lifted early', async (t) => {
  const { database, lockdowns } = repositories(t)
  const sealed = lockdowns.seal({ buildingId: COMMUNITY.building1, reason: '确诊病例' }, 14, contextOf(ADMIN))
  t.match(sealed, { ok: true, value: { buildingId: COMMUNITY.building1, startsAtMs: T0, endsAtMs: T0 + 14 * DAY_MS } })
  t.match(lockdowns.seal({ buildingId: 'bld-none', reason: '' }, 14, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  if (!sealed.ok) throw new Error(sealed.code)
  t.equal(lockdowns.list({ state: 'in-force' }, T0 + 13 * DAY_MS, PAGE).total, 1)
  t.equal(lockdowns.list({ state: 'in-force' }, T0 + 14 * DAY_MS, PAGE).total, 0, 'open again on day 15')
  t.match(lockdowns.extend(sealed.value.id, { endsAtMs: T0 + 16 * DAY_MS, reason: 'new case' }, admin), { ok: true, value: { endsAtMs: T0 + 16 * DAY_MS } })
  t.match(lockdowns.liftEarly(sealed.value.id, 'all clear', contextOf(ADMIN, T0 + 10 * DAY_MS)), { ok: true, value: { liftedEarlyAtMs: T0 + 10 * DAY_MS, endsAtMs: T0 + 10 * DAY_MS } })
  t.same(auditRows(database).map((row) => row.action), ['lockdown.sealed', 'lockdown.extended', 'lockdown.lifted-early'])
})
