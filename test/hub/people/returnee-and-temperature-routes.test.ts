import t from 'tap'
import { startPeopleApp } from '../../fakes/hub-people-app.js'

const DAY_MS = 86_400_000
const ANSWERS = {
  cameFrom: '湖北省武汉市',
  arrivedOn: '2026-03-01',
  transport: { mode: 'train', detail: 'G1234 5车' },
  health: { hasFever: false, hasRespiratorySymptoms: false, hasContactWithCases: false, hasVisitedRiskArea: true },
}

t.test('gate staff register a returning resident with the four questions', async (t) => {
  const rig = await startPeopleApp(t)
  const personId = rig.community.ownerIds[2]!
  const response = await rig.inject('gateStaff', { method: 'POST', url: '/api/returnees', payload: { ...ANSWERS, personId } })
  t.equal(response.statusCode, 201, response.body)
  t.match(response.json(), { personId, cameFrom: '湖北省武汉市', transport: { mode: 'train' }, hasHealthConcern: true, observationId: null, registeredByAccountId: 'acc-gate-staff' })
  t.same(rig.auditActions(), ['returnee.registered'])
  t.same(rig.policyChanges, [])
})

t.test('registering with home observation places a 14-day order in the same step and tells the policy', async (t) => {
  const rig = await startPeopleApp(t)
  const personId = rig.community.ownerIds[0]!
  const response = await rig.inject('gridManager1', { method: 'POST', url: '/api/returnees', payload: { ...ANSWERS, personId, observation: {} } })
  t.equal(response.statusCode, 201, response.body)
  const returnee = response.json()
  t.equal(returnee.observationEndsAtMs, rig.community.nowMs + 14 * DAY_MS)
  const order = rig.database.connection.prepare('SELECT subject_kind, subject_id, starts_at_ms, ends_at_ms, created_by_account_id FROM observation_orders WHERE id = ?').get(returnee.observationId)
  t.same(order, { subject_kind: 'person', subject_id: personId, starts_at_ms: rig.community.nowMs, ends_at_ms: rig.community.nowMs + 14 * DAY_MS, created_by_account_id: rig.callers.gridManager1.accountId })
  t.same(rig.policyChanges, ['returnee placed under home observation'])
  t.same(rig.auditActions(), ['observation.placed', 'returnee.registered'])
})

t.test('gate staff may not place observation; nothing is registered when they try', async (t) => {
  const rig = await startPeopleApp(t)
  const response = await rig.inject('gateStaff', { method: 'POST', url: '/api/returnees', payload: { ...ANSWERS, personId: rig.community.ownerIds[0], observation: { days: 7 } } })
  t.equal(response.json().error.code, 'OUT_OF_SCOPE')
  t.equal(rig.database.connection.prepare('SELECT COUNT(*) FROM returnees').pluck().get(), 0)
  t.same(rig.auditActions(), [])
})

t.test('a newcomer is registered as a person of the household together with the registration', async (t) => {
  const rig = await startPeopleApp(t)
  const householdId = rig.community.householdIds[0]!
  const newcomer = { displayName: '孙返乡', householdId, phone: '13600002222', idNumber: '11010519491231002X' }
  const response = await rig.inject('admin', { method: 'POST', url: '/api/returnees', payload: { ...ANSWERS, newcomer, observation: { days: 7, reason: '返乡' } } })
  t.equal(response.statusCode, 201, response.body)
  t.match(rig.repositories.persons.get(response.json().personId), { displayName: '孙返乡', householdId, status: 'active', relation: 'family' })
  t.equal(response.json().observationEndsAtMs, rig.community.nowMs + 7 * DAY_MS)
  const both = await rig.inject('admin', { method: 'POST', url: '/api/returnees', payload: { ...ANSWERS, newcomer, personId: rig.community.ownerIds[0] } })
  t.equal(both.json().error.code, 'PERSON_OR_NEWCOMER')
})

t.test('bad answers are listed and change nothing', async (t) => {
  const rig = await startPeopleApp(t)
  const response = await rig.inject('admin', {
    method: 'POST',
    url: '/api/returnees',
    payload: { cameFrom: '', arrivedOn: '2026-13-01', transport: { mode: 'rocket' }, health: { hasFever: 'no' }, personId: rig.community.ownerIds[0] },
  })
  t.equal(response.statusCode, 400)
  t.ok(response.json().error.details.length >= 5, response.json().error.details.join('; '))
  t.equal(rig.database.connection.prepare('SELECT COUNT(*) FROM returnees').pluck().get(), 0)
})

t.test('grid managers list their grid’s returnees only', async (t) => {
  const rig = await startPeopleApp(t)
  for (const personId of rig.community.ownerIds.slice(0, 6)) await rig.inject('admin', { method: 'POST', url: '/api/returnees', payload: { ...ANSWERS, personId } })
  const all = (await rig.inject('admin', { method: 'GET', url: '/api/returnees' })).json()
  t.equal(all.total, 6)
  const own = (await rig.inject('gridManager1', { method: 'GET', url: '/api/returnees' })).json()
  t.ok(own.total > 0 && own.total < 6)
  t.ok(own.items.every((returnee: { gridId: string }) => returnee.gridId === rig.community.gridIds[0]))
  const otherGrid = all.items.find((returnee: { gridId: string }) => returnee.gridId !== rig.community.gridIds[0])
  t.equal((await rig.inject('gridManager1', { method: 'GET', url: `/api/returnees/${otherGrid.id}` })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: '/api/returnees' })).statusCode, 403)
})

t.test('a resident reports from the phone for their household; fevers are flagged and announced', async (t) => {
  const rig = await startPeopleApp(t)
  const own = rig.community.ownerIds[0]!
  const normal = await rig.inject('resident', { method: 'POST', url: '/api/temperature-reports', payload: { celsius: 36.6, source: 'phone' } })
  t.equal(normal.statusCode, 201, normal.body)
  t.match(normal.json(), { personId: own, isFever: false, reportedAtMs: rig.community.nowMs })
  rig.clock.advance(12 * 3_600_000)
  const family = rig.community.peopleOfHousehold.get(rig.community.householdIds[0]!)![1]!
  const fever = await rig.inject('resident', { method: 'POST', url: '/api/temperature-reports', payload: { personId: family, celsius: 37.8, source: 'phone' } })
  t.equal(fever.json().isFever, true)
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/temperature-reports', payload: { personId: rig.community.ownerIds[1], celsius: 36.5, source: 'phone' } })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/temperature-reports', payload: { celsius: 36.5, source: 'contact-thermometer' } })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('resident', { method: 'POST', url: '/api/temperature-reports', payload: { celsius: 55, source: 'phone' } })).json().error.code, 'INVALID_REQUEST')
  const mine = (await rig.inject('resident', { method: 'GET', url: '/api/temperature-reports' })).json()
  t.equal(mine.total, 2)
  t.equal((await rig.inject('resident', { method: 'GET', url: '/api/temperature-reports?feverOnly=true' })).json().total, 1)
  const audit = rig.database.connection.prepare(`SELECT detail FROM audit_log WHERE action = 'temperature.reported'`).pluck().all() as string[]
  t.equal(audit.length, 2)
  t.ok(audit.every((detail) => !detail.includes('37.8') && !detail.includes('36.6')), 'no temperature in the audit log')
  t.equal(rig.fevers.length, 1)
})

t.test('gate staff record contact-thermometer readings; a fever reaches the alert callback', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.ownerIds[3]!
  const response = await rig.inject('gateStaff', { method: 'POST', url: '/api/temperature-reports', payload: { personId: person, celsius: 37.3, source: 'contact-thermometer' } })
  t.equal(response.statusCode, 201)
  t.equal(response.json().isFever, true, '37.3 is a fever')
  t.equal((await rig.inject('gateStaff', { method: 'POST', url: '/api/temperature-reports', payload: { personId: person, celsius: 36, source: 'phone' } })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: '/api/temperature-reports' })).statusCode, 403)
  t.equal(rig.fevers.length, 1)
  t.match(rig.fevers[0], { personId: person, celsius: 37.3, source: 'contact-thermometer' })
})
