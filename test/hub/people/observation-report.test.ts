import t from 'tap'
import { daysLeft, localDayStartMs, twiceDailyStatus } from '../../../hub/src/domain/people/twice-daily-report.js'
import { startPeopleApp } from '../../fakes/hub-people-app.js'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
// 2026-03-02 00:00 China Standard Time.
const MIDNIGHT_CST = Date.UTC(2026, 2, 1, 16)

t.test('the local day starts at local midnight', async (t) => {
  t.equal(localDayStartMs(MIDNIGHT_CST + 23 * HOUR_MS, 480), MIDNIGHT_CST)
  t.equal(localDayStartMs(MIDNIGHT_CST - 1, 480), MIDNIGHT_CST - DAY_MS)
})

t.test('a report is overdue from noon without a morning one and from 20:00 without an evening one', async (t) => {
  const at = (hour: number) => MIDNIGHT_CST + hour * HOUR_MS
  t.match(twiceDailyStatus(at(11), 480, []), { isOverdue: false })
  t.match(twiceDailyStatus(at(12), 480, []), { isOverdue: true })
  t.match(twiceDailyStatus(at(13), 480, [at(8)]), { hasMorningReport: true, hasEveningReport: false, isOverdue: false })
  t.match(twiceDailyStatus(at(20), 480, [at(8)]), { isOverdue: true })
  t.match(twiceDailyStatus(at(21), 480, [at(8), at(19)]), { hasMorningReport: true, hasEveningReport: true, isOverdue: false })
  t.match(twiceDailyStatus(at(13), 480, [at(8) - DAY_MS]), { hasMorningReport: false, isOverdue: true }, "yesterday's report does not count")
})

t.test('days left count a started day as one', async (t) => {
  t.equal(daysLeft(0, 14 * DAY_MS), 14)
  t.equal(daysLeft(1, 14 * DAY_MS), 14)
  t.equal(daysLeft(DAY_MS + 1, 14 * DAY_MS), 13)
  t.equal(daysLeft(15 * DAY_MS, 14 * DAY_MS), 0)
})

t.test('the follow-up list shows who is under observation, days left, and overdue reports', async (t) => {
  const rig = await startPeopleApp(t)
  const { community } = rig
  const owner = community.ownerIds[0]!
  const household = community.householdIds[1]!
  const insertOrder = (id: string, kind: string, subject: string, days: number) =>
    rig.database.connection
      .prepare(`INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms) VALUES (?, ?, ?, ?, ?, 'acc-admin', ?)`)
      .run(id, kind, subject, community.nowMs - 3 * DAY_MS, community.nowMs + days * DAY_MS, community.nowMs)
  insertOrder('obs-person', 'person', owner, 13)
  insertOrder('obs-household', 'household', household, 5)
  insertOrder('obs-ended', 'person', community.ownerIds[5]!, -1)
  const status = async (who: 'admin' | 'gridManager1' | 'gridManager2' | 'resident', query = '') =>
    (await rig.inject(who, { method: 'GET', url: `/api/temperature-reports/observation-status${query}` })).json()

  const atTen = await status('admin')
  const people = community.peopleOfHousehold.get(household)!
  t.same(atTen.items.map((item: { personId: string }) => item.personId).sort(), [owner, ...people].sort(), 'the ended order holds nobody')
  t.match(atTen.items.find((item: { personId: string }) => item.personId === owner), { daysLeft: 13, isOverdue: false })

  await rig.inject('resident', { method: 'POST', url: '/api/temperature-reports', payload: { celsius: 36.4, source: 'phone' } })
  rig.clock.advance(3 * HOUR_MS)
  const overdue = await status('admin', '?isOverdue=true')
  t.same(overdue.items.map((item: { personId: string }) => item.personId).sort(), [...people].sort(), 'after noon, the household without a morning report')
  const own = await status('resident')
  t.same(own.items.map((item: { personId: string }) => item.personId), [owner])
  t.match(own.items[0], { hasMorningReport: true, hasEveningReport: false })
  const ownerGrid = rig.repositories.persons.get(owner)!.gridId
  const otherManager = ownerGrid === community.gridIds[0] ? 'gridManager2' : 'gridManager1'
  t.notOk((await status(otherManager)).items.some((item: { personId: string }) => item.personId === owner))
})

t.test('a sealed building puts everyone living in it on the list', async (t) => {
  const rig = await startPeopleApp(t)
  const buildingId = rig.community.buildingIds[2]!
  rig.database.connection
    .prepare(`INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id, created_at_ms) VALUES ('obs-b', 'building', ?, ?, ?, 'acc-admin', ?)`)
    .run(buildingId, rig.community.nowMs, rig.community.nowMs + 14 * DAY_MS, rig.community.nowMs)
  const living = rig.repositories.persons.search({ buildingId, status: 'active' }, { limit: 200, offset: 0 }).items.map((person) => person.id)
  const listed = (await rig.inject('admin', { method: 'GET', url: '/api/temperature-reports/observation-status' })).json().items
  t.ok(living.length > 0)
  t.same(listed.map((item: { personId: string }) => item.personId).sort(), [...living].sort())
  t.ok(listed.every((item: { daysLeft: number }) => item.daysLeft === 14))
})
