import t from 'tap'
import { AccessRuleRepository } from '../../../hub/src/adapters/sqlite/access/access-rule-repository.js'
import { DoorGroupRepository } from '../../../hub/src/adapters/sqlite/access/door-group-repository.js'
import { DoorRepository } from '../../../hub/src/adapters/sqlite/access/door-repository.js'
import { EdgeRepository } from '../../../hub/src/adapters/sqlite/access/edge-repository.js'
import { ScheduleRepository } from '../../../hub/src/adapters/sqlite/access/schedule-repository.js'
import { ADMIN, COMMUNITY, auditRows, contextOf, openAccessTestDatabase } from '../../fakes/hub-access-fixtures.js'

const PAGE = { limit: 50, offset: 0 }
const admin = contextOf(ADMIN)

function repositories(t: Parameters<typeof openAccessTestDatabase>[0]) {
  const database = openAccessTestDatabase(t)
  const { connection } = database
  return {
    database,
    edges: new EdgeRepository(connection),
    doors: new DoorRepository(connection),
    groups: new DoorGroupRepository(connection),
    schedules: new ScheduleRepository(connection),
    rules: new AccessRuleRepository(connection),
  }
}

t.test('an edge is created with its chosen id, lists its doors, and a second edge with that id is refused', async (t) => {
  const { database, edges, doors } = repositories(t)
  t.match(edges.create({ id: 'north', name: 'North gate' }, admin), { ok: true, value: { id: 'north', name: 'North gate', doors: [] } })
  t.match(edges.create({ id: 'north', name: 'Again' }, admin), { ok: false, code: 'EDGE_EXISTS' })
  t.match(doors.create('north', { id: 'north-in', name: 'North gate, residents lane', kind: 'gate', lane: 'residents', isTemperatureRequired: true }, admin), { ok: true })
  t.match(doors.create('north', { id: 'north-assisted', name: 'North gate, assisted lane', kind: 'gate', lane: 'assisted', failMode: 'fail-safe' }, admin), { ok: true })
  t.match(doors.create('south', { name: 'x', kind: 'gate' }, admin), { ok: false, code: 'NOT_FOUND' })
  t.match(doors.create('north', { id: 'north-in', name: 'dup', kind: 'gate' }, admin), { ok: false, code: 'DOOR_EXISTS' })
  t.match(doors.create('north', { name: 'B9', kind: 'building', buildingId: 'bld-9' }, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  const listed = edges.list({}, PAGE)
  t.equal(listed.total, 1)
  t.same(listed.items[0]!.doors.map((door) => [door.id, door.lane, door.failMode, door.isTemperatureRequired]), [
    ['north-assisted', 'assisted', 'fail-safe', false],
    ['north-in', 'residents', 'fail-secure', true],
  ])
  t.same(auditRows(database).map((row) => row.action), ['edge.created', 'door.created', 'door.created'], 'refusals leave no audit row')
})

t.test('a door changes some settings and keeps the rest; a door a rule names cannot be removed', async (t) => {
  const { edges, doors, rules } = repositories(t)
  edges.create({ id: 'b1-edge', name: 'Building 1' }, admin)
  doors.create('b1-edge', { id: 'b1-door', name: 'Building 1 door', kind: 'building', buildingId: COMMUNITY.building1 }, admin)
  const changed = doors.update('b1-door', { antiPassback: 'hard', antiPassbackResetMs: 3_600_000, maxPolicyAgeMs: 86_400_000 }, admin)
  t.match(changed, { ok: true, value: { name: 'Building 1 door', antiPassback: 'hard', antiPassbackGroupId: COMMUNITY.building1, maxPolicyAgeMs: 86_400_000 } })
  t.match(doors.update('b1-door', { kind: 'gate' }, admin), { ok: false, code: 'BAD_DOOR' })
  t.equal(doors.get('b1-door')!.kind, 'building', 'a refused change changes nothing')
  const rule = rules.create({ subjectKind: 'household', subjectId: COMMUNITY.household1, targetKind: 'door', targetId: 'b1-door', scheduleId: null, isLockdownExempt: false, validFromMs: null, validUntilMs: null }, admin)
  t.match(doors.delete('b1-door', admin), { ok: false, code: 'IN_USE' })
  if (rule.ok) rules.delete(rule.value.id, admin)
  t.match(doors.delete('b1-door', admin), { ok: true })
  t.equal(doors.get('b1-door'), null)
  t.same(doors.list({ buildingId: COMMUNITY.building1 }, PAGE), { items: [], total: 0 })
})

t.test('door groups: members are real doors, names are unique, a group in use stays', async (t) => {
  const { database, edges, doors, groups, rules } = repositories(t)
  edges.create({ id: 'north', name: 'North' }, admin)
  doors.create('north', { id: 'n1', name: 'n1', kind: 'gate' }, admin)
  doors.create('north', { id: 'n2', name: 'n2', kind: 'gate' }, admin)
  const created = groups.create({ name: 'All gates', doorIds: ['n1'] }, admin)
  if (!created.ok) throw new Error(created.code)
  t.same(created.value.doorIds, ['n1'])
  t.match(groups.create({ name: 'All gates', doorIds: [] }, admin), { ok: false, code: 'NAME_TAKEN' })
  t.match(groups.create({ name: 'Other', doorIds: ['n9'] }, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  t.equal(groups.list({}, PAGE).total, 1, 'the refused group was rolled back with its insert')
  t.match(groups.changeMembers(created.value.id, { add: ['n2', 'n2'], remove: ['n1'] }, admin), { ok: true, value: { doorIds: ['n2'] } })
  t.same(groups.list({ doorId: 'n2' }, PAGE).items.map((group) => group.id), [created.value.id])
  rules.create({ subjectKind: 'role', subjectId: 'staff', targetKind: 'door-group', targetId: created.value.id, scheduleId: null, isLockdownExempt: true, validFromMs: null, validUntilMs: null }, admin)
  t.match(groups.delete(created.value.id, admin), { ok: false, code: 'IN_USE' })
  doors.delete('n2', admin)
  t.same(groups.get(created.value.id)!.doorIds, [], 'removing a door removes its memberships')
  t.same(auditRows(database).filter((row) => row.subjectKind === 'door-group').map((row) => row.action), ['door-group.created', 'door-group.members-changed'])
})

t.test('schedules keep their windows, refuse bad ones and changes, and cannot go while a rule uses them', async (t) => {
  const { database, schedules, rules } = repositories(t)
  const created = schedules.create({ name: 'Cleaners', windows: ['mon-fri 07:00-09:00'], holidayWindows: [] }, admin)
  if (!created.ok) throw new Error(created.code)
  t.same(schedules.get(created.value.id), { ...created.value, windows: ['mon-fri 07:00-09:00'], holidayWindows: [] })
  const refused = schedules.create({ name: 'Night', windows: ['fri 25:00-02:00'], holidayWindows: [] }, admin)
  t.match(refused, { ok: false, code: 'BAD_WINDOW' })
  t.match(schedules.update(created.value.id, { windows: ['mon-fri 7-9'] }, admin), { ok: false, code: 'BAD_WINDOW' })
  t.match(schedules.update(created.value.id, { holidayWindows: ['sat,sun 08:00-10:00'] }, admin), { ok: true, value: { windows: ['mon-fri 07:00-09:00'], holidayWindows: ['sat,sun 08:00-10:00'] } })
  t.match(schedules.create({ name: 'Cleaners', windows: [], holidayWindows: [] }, admin), { ok: false, code: 'NAME_TAKEN' })
  rules.create({ subjectKind: 'person', subjectId: COMMUNITY.wang, targetKind: 'gates', targetId: null, scheduleId: created.value.id, isLockdownExempt: false, validFromMs: null, validUntilMs: null }, admin)
  t.match(schedules.delete(created.value.id, admin), { ok: false, code: 'IN_USE' })
  t.same(auditRows(database).map((row) => row.action), ['schedule.created', 'schedule.changed', 'access-rule.created'])
})

t.test('the holiday calendar: set, rename, list by range, remove; impossible dates refused', async (t) => {
  const { schedules } = repositories(t)
  t.match(schedules.putHoliday({ localDate: '2026-10-01', name: '国庆节' }, admin), { ok: true })
  t.match(schedules.putHoliday({ localDate: '2026-10-02', name: '国庆' }, admin), { ok: true })
  t.match(schedules.putHoliday({ localDate: '2026-10-02', name: '国庆节' }, admin), { ok: true })
  t.match(schedules.putHoliday({ localDate: '2026-02-30', name: 'never' }, admin), { ok: false, code: 'BAD_DATE' })
  t.same(schedules.listHolidays({ from: '2026-10-02' }, PAGE), { items: [{ localDate: '2026-10-02', name: '国庆节' }], total: 1 })
  t.match(schedules.deleteHoliday('2026-10-01', admin), { ok: true })
  t.match(schedules.deleteHoliday('2026-10-01', admin), { ok: false, code: 'NOT_FOUND' })
})

t.test('access rules name subjects, targets and schedules that exist; lockdown exemption only for staff', async (t) => {
  const { rules } = repositories(t)
  const base = { subjectKind: 'person', subjectId: COMMUNITY.zhang, targetKind: 'gates', targetId: null, scheduleId: null, isLockdownExempt: false, validFromMs: null, validUntilMs: null } as const
  const created = rules.create(base, admin)
  t.match(created, { ok: true, value: { subjectKind: 'person', targetKind: 'gates', isLockdownExempt: false } })
  t.match(rules.create({ ...base, subjectId: 'per-nobody' }, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  t.match(rules.create({ ...base, targetKind: 'building', targetId: 'bld-9' }, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  t.match(rules.create({ ...base, scheduleId: 'sch-none' }, admin), { ok: false, code: 'UNKNOWN_REFERENCE' })
  t.match(rules.create({ ...base, isLockdownExempt: true }, admin), { ok: false, code: 'BAD_RULE' })
  t.match(rules.create({ ...base, subjectId: COMMUNITY.wang, targetKind: 'building', targetId: COMMUNITY.building1, isLockdownExempt: true }, admin), { ok: true })
  if (!created.ok) throw new Error(created.code)
  t.match(rules.update(created.value.id, { validFromMs: 10, validUntilMs: 5 }, admin), { ok: false, code: 'BAD_RULE' })
  t.match(rules.update(created.value.id, { validUntilMs: 2_000_000_000_000 }, admin), { ok: true, value: { validUntilMs: 2_000_000_000_000 } })
  t.equal(rules.list({ subjectId: COMMUNITY.zhang }, PAGE).total, 1)
  t.equal(rules.list({ targetKind: 'building' }, PAGE).total, 1)
  t.same(rules.list({}, { limit: 1, offset: 1 }).items.length, 1, 'paged')
})
