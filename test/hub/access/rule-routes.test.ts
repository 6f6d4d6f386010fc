import t from 'tap'
import { startAccessApp } from '../../fakes/hub-access-app.js'

t.test('a door group is created, its members changed, and it is refused removal while a rule names it', async (t) => {
  const rig = await startAccessApp(t)
  const { gateDoorIds } = rig.community
  const created = await rig.inject('admin', { method: 'POST', url: '/api/door-groups', payload: { name: '所有大门', doorIds: [gateDoorIds.residents] } })
  t.equal(created.statusCode, 201)
  const groupId = created.json().id as string
  const members = await rig.inject('admin', { method: 'POST', url: `/api/door-groups/${groupId}/members`, payload: { add: [gateDoorIds.assisted], remove: [gateDoorIds.residents] } })
  t.same(members.json().doorIds, [gateDoorIds.assisted])
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/door-groups', payload: { name: '所有大门' } })).json().error.code, 'NAME_TAKEN')
  t.equal((await rig.inject('admin', { method: 'POST', url: `/api/door-groups/${groupId}/members`, payload: { add: ['door-none'] } })).json().error.code, 'UNKNOWN_REFERENCE')
  const rule = await rig.inject('admin', { method: 'POST', url: '/api/access-rules', payload: { subjectKind: 'role', subjectId: 'staff', targetKind: 'door-group', targetId: groupId } })
  t.equal(rule.statusCode, 201)
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/door-groups/${groupId}` })).json().error.code, 'IN_USE')
  t.same((await rig.inject('gridManager1', { method: 'GET', url: `/api/door-groups?doorId=${gateDoorIds.assisted}` })).json().items.map((group: { id: string }) => group.id), [groupId])
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: '/api/door-groups' })).statusCode, 403)
  t.same(rig.policyChanges, [`door-group.created ${groupId}`, `door-group.members-changed ${groupId}`, `access-rule.created ${rule.json().id}`])
})

t.test("schedules are checked with the edge's grammar and every bad window is listed; holidays form a calendar", async (t) => {
  const rig = await startAccessApp(t)
  const bad = await rig.inject('admin', { method: 'POST', url: '/api/schedules', payload: { name: '夜班', windows: ['mon-fri 7:00-22:00', 'fri,sat 22:00-02:00', 'someday 08:00-09:00'] } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().error, { code: 'BAD_WINDOW', details: [/^\/windows\/0: /, /^\/windows\/2: /] })
  const created = await rig.inject('admin', { method: 'POST', url: '/api/schedules', payload: { name: '夜班', windows: ['fri,sat 22:00-02:00'], holidayWindows: [] } })
  t.equal(created.statusCode, 201)
  const scheduleId = created.json().id as string
  const changed = await rig.inject('admin', { method: 'PATCH', url: `/api/schedules/${scheduleId}`, payload: { holidayWindows: ['daily 00:00-24:00'] } })
  t.same(changed.json().holidayWindows, ['daily 00:00-24:00'])
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: `/api/schedules/${scheduleId}` })).json().name, '夜班')
  const holiday = await rig.inject('admin', { method: 'PUT', url: '/api/holidays/2026-10-01', payload: { name: '国庆节' } })
  t.same(holiday.json(), { localDate: '2026-10-01', name: '国庆节' })
  t.equal((await rig.inject('admin', { method: 'PUT', url: '/api/holidays/2026-02-30', payload: { name: 'x' } })).json().error.code, 'BAD_DATE')
  t.equal((await rig.inject('admin', { method: 'PUT', url: '/api/holidays/2026-13-01', payload: { name: 'x' } })).json().error.code, 'INVALID_REQUEST')
  t.match((await rig.inject('gridManager1', { method: 'GET', url: '/api/holidays?from=2026-09-01&to=2026-12-31' })).json(), { total: 1, items: [{ localDate: '2026-10-01' }] })
  t.equal((await rig.inject('admin', { method: 'DELETE', url: '/api/holidays/2026-10-01' })).statusCode, 200)
  t.equal((await rig.inject('gridManager1', { method: 'PUT', url: '/api/holidays/2026-10-02', payload: { name: 'x' } })).statusCode, 403)
  t.same(rig.policyChanges, [`schedule.created ${scheduleId}`, `schedule.changed ${scheduleId}`, 'holiday.set 2026-10-01', 'holiday.removed 2026-10-01'])
})

t.test('access rules: who, where, when; lockdown exemption only for staff; schedules in use stay', async (t) => {
  const rig = await startAccessApp(t)
  const { householdIds, buildingIds, staffScheduleId, staffIds } = rig.community
  const created = await rig.inject('admin', {
    method: 'POST',
    url: '/api/access-rules',
    payload: { subjectKind: 'household', subjectId: householdIds[0], targetKind: 'building', targetId: buildingIds[1], scheduleId: staffScheduleId, validUntilMs: rig.clock.now() + 86_400_000 },
  })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { subjectKind: 'household', targetKind: 'building', isLockdownExempt: false, validFromMs: null })
  const exempt = await rig.inject('admin', { method: 'POST', url: '/api/access-rules', payload: { subjectKind: 'household', subjectId: householdIds[0], targetKind: 'gates', isLockdownExempt: true } })
  t.match(exempt.json().error, { code: 'BAD_RULE', details: [/isLockdownExempt/] })
  const staff = await rig.inject('admin', { method: 'POST', url: '/api/access-rules', payload: { subjectKind: 'person', subjectId: staffIds[0], targetKind: 'building', targetId: buildingIds[0], isLockdownExempt: true } })
  t.equal(staff.statusCode, 201)
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/access-rules', payload: { subjectKind: 'person', subjectId: 'per-none', targetKind: 'gates' } })).json().error.code, 'UNKNOWN_REFERENCE')
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/schedules/${staffScheduleId}` })).json().error.code, 'IN_USE')
  const patched = await rig.inject('admin', { method: 'PATCH', url: `/api/access-rules/${created.json().id}`, payload: { scheduleId: null } })
  t.equal(patched.json().scheduleId, null)
  const listed = await rig.inject('gridManager2', { method: 'GET', url: `/api/access-rules?subjectKind=household&subjectId=${householdIds[0]}` })
  t.equal(listed.json().total, 1)
  t.equal((await rig.inject('gridManager1', { method: 'POST', url: '/api/access-rules', payload: { subjectKind: 'role', subjectId: 'resident', targetKind: 'gates' } })).statusCode, 403)
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/access-rules/${created.json().id}` })).statusCode, 200)
  t.equal((await rig.inject('admin', { method: 'GET', url: `/api/access-rules/${created.json().id}` })).statusCode, 404)
  t.same(rig.policyChanges.map((why) => why.split(' ')[0]), ['access-rule.created', 'access-rule.created', 'access-rule.changed', 'access-rule.removed'])
  t.same(rig.auditActions().filter((action) => action.startsWith('access-rule.')), ['access-rule.created', 'access-rule.created', 'access-rule.changed', 'access-rule.removed'])
})
