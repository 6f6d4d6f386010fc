import t from 'tap'
import { startAccessApp } from '../../fakes/hub-access-app.js'

const DAY_MS = 86_400_000

t.test('a grid manager places a household in their grid under 14 days of observation; days left count down', async (t) => {
  const rig = await startAccessApp(t)
  const household = rig.database.connection.prepare('SELECT household_id FROM persons WHERE id = ?').pluck().get(rig.callers.resident.personId) as string
  const placed = await rig.inject('gridManager1', { method: 'POST', url: '/api/observation-orders', payload: { subjectKind: 'household', subjectId: household, reason: '返乡' } })
  t.equal(placed.statusCode, 201)
  const order = placed.json()
  t.match(order, { subjectKind: 'household', startsAtMs: rig.clock.now(), endsAtMs: rig.clock.now() + 14 * DAY_MS, status: 'in-force', daysLeft: 14 })
  rig.clock.advance(11 * DAY_MS + 3_600_000)
  t.match((await rig.inject('gateStaff', { method: 'GET', url: `/api/observation-orders/${order.id}` })).json(), { status: 'in-force', daysLeft: 3 })
  const mine = await rig.inject('resident', { method: 'GET', url: '/api/observation-orders' })
  t.same(mine.json().items.map((item: { id: string }) => item.id), [order.id], 'the resident sees the order that holds them')
  t.equal((await rig.inject('otherResident', { method: 'GET', url: `/api/observation-orders/${order.id}` })).statusCode, 403)
  t.equal((await rig.inject('gridManager2', { method: 'GET', url: '/api/observation-orders' })).json().total, 0)
  t.equal((await rig.inject('gridManager2', { method: 'POST', url: `/api/observation-orders/${order.id}/release`, payload: {} })).json().error.code, 'OUT_OF_SCOPE')
  const extended = await rig.inject('gridManager1', { method: 'POST', url: `/api/observation-orders/${order.id}/extend`, payload: { days: 7, reason: '发热' } })
  t.match(extended.json(), { endsAtMs: order.endsAtMs + 7 * DAY_MS, daysLeft: 10 })
  const released = await rig.inject('admin', { method: 'POST', url: `/api/observation-orders/${order.id}/release`, payload: { reason: '核酸阴性' } })
  t.match(released.json(), { status: 'ended-early', daysLeft: 0, releasedEarlyAtMs: rig.clock.now() })
  t.equal((await rig.inject('admin', { method: 'POST', url: `/api/observation-orders/${order.id}/release`, payload: {} })).json().error.code, 'ALREADY_ENDED')
  t.same(rig.policyChanges, [`observation.placed ${order.id}`, `observation.extended ${order.id}`, `observation.released-early ${order.id}`])
  t.same(rig.auditActions().slice(-3), ['observation.placed', 'observation.extended', 'observation.released-early'])
})

t.test('observation refusals: another grid, bad windows, unknown subjects, residents and gate staff cannot place orders', async (t) => {
  const rig = await startAccessApp(t)
  const person = rig.ownerInGrid(1)
  t.equal((await rig.inject('gridManager1', { method: 'POST', url: '/api/observation-orders', payload: { subjectKind: 'person', subjectId: person } })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('gateStaff', { method: 'POST', url: '/api/observation-orders', payload: { subjectKind: 'person', subjectId: person } })).json().error.code, 'FORBIDDEN')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/observation-orders', payload: { subjectKind: 'person', subjectId: person, days: 3, endsAtMs: rig.clock.now() + DAY_MS } })).json().error.code, 'BAD_INTERVAL')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/observation-orders', payload: { subjectKind: 'building', subjectId: 'bld-none' } })).json().error.code, 'UNKNOWN_REFERENCE')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/observation-orders', payload: { subjectKind: 'person', subjectId: person, days: 0 } })).json().error.code, 'INVALID_REQUEST')
  t.same(rig.policyChanges, [])
})

t.test('a medical exception names who approved it; residents see their own, other grids none', async (t) => {
  const rig = await startAccessApp(t)
  const person = rig.callers.resident.personId!
  const now = rig.clock.now()
  const granted = await rig.inject('gridManager1', { method: 'POST', url: '/api/medical-exceptions', payload: { personId: person, endsAtMs: now + 4 * 3_600_000, approvedBy: '周医生', reason: '透析' } })
  t.equal(granted.statusCode, 201)
  t.match(granted.json(), { personId: person, approvedBy: '周医生', startsAtMs: now, status: 'in-force' })
  t.equal((await rig.inject('gridManager2', { method: 'POST', url: '/api/medical-exceptions', payload: { personId: person, endsAtMs: now + 1, approvedBy: 'x' } })).statusCode, 403)
  t.equal((await rig.inject('resident', { method: 'GET', url: '/api/medical-exceptions' })).json().total, 1)
  t.equal((await rig.inject('gridManager2', { method: 'GET', url: '/api/medical-exceptions' })).json().total, 0)
  rig.clock.advance(3_600_000)
  const ended = await rig.inject('admin', { method: 'POST', url: `/api/medical-exceptions/${granted.json().id}/end`, payload: { reason: '已回家' } })
  t.match(ended.json(), { endsAtMs: rig.clock.now(), status: 'ended' })
  t.same(rig.policyChanges.map((why) => why.split(' ')[0]), ['medical-exception.granted', 'medical-exception.ended-early'])
})

t.test('the admin seals a building for the default 14 days; it reopens on day 15 or is lifted early', async (t) => {
  const rig = await startAccessApp(t)
  const buildingId = rig.community.buildingIds[0]!
  const sealed = await rig.inject('admin', { method: 'POST', url: '/api/lockdowns', payload: { buildingId, reason: '确诊' } })
  t.equal(sealed.statusCode, 201)
  t.match(sealed.json(), { buildingId, endsAtMs: rig.clock.now() + 14 * DAY_MS, status: 'in-force', daysLeft: 14 })
  t.equal((await rig.inject('gridManager1', { method: 'POST', url: '/api/lockdowns', payload: { buildingId } })).json().error.code, 'FORBIDDEN')
  rig.clock.advance(14 * DAY_MS)
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: '/api/lockdowns?state=in-force' })).json().total, 0, 'open again on day 15')
  t.match((await rig.inject('gridManager1', { method: 'GET', url: `/api/lockdowns/${sealed.json().id}` })).json(), { status: 'ended', daysLeft: 0 })
  t.equal((await rig.inject('admin', { method: 'POST', url: `/api/lockdowns/${sealed.json().id}/lift`, payload: {} })).json().error.code, 'ALREADY_ENDED')
  const again = await rig.inject('admin', { method: 'POST', url: '/api/lockdowns', payload: { buildingId, days: 7 } })
  t.match((await rig.inject('admin', { method: 'POST', url: `/api/lockdowns/${again.json().id}/extend`, payload: { days: 2 } })).json(), { daysLeft: 9 })
  t.match((await rig.inject('admin', { method: 'POST', url: `/api/lockdowns/${again.json().id}/lift`, payload: { reason: '解封' } })).json(), { status: 'ended-early' })
  t.same(rig.policyChanges.map((why) => why.split(' ')[0]), ['lockdown.sealed', 'lockdown.sealed', 'lockdown.extended', 'lockdown.lifted-early'])
})
