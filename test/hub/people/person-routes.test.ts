import t from 'tap'
import { startPeopleApp } from '../../fakes/hub-people-app.js'

interface PersonView {
  id: string
  displayName: string
  gridId: string | null
  householdId: string | null
  phone: string | null
  idNumber: string | null
  status: string
  visibility: string
}
interface PersonPage {
  items: PersonView[]
  total: number
}

t.test('an admin lists everyone with phones and ID numbers masked', async (t) => {
  const rig = await startPeopleApp(t)
  const response = await rig.inject('admin', { method: 'GET', url: '/api/persons?limit=100' })
  t.equal(response.statusCode, 200)
  const page = response.json<PersonPage>()
  t.equal(page.total, 36 + 1 + 3, 'residents, tenants, the pending tenant and staff')
  t.ok(page.items.every((person) => person.phone === null || /^1[0-9]{2}\*{4}[0-9]{4}$/.test(person.phone)))
  t.ok(page.items.every((person) => person.idNumber === null || /^[0-9]{3}\*{11}[0-9X]{4}$/.test(person.idNumber)))
})

t.test('a grid manager sees only their grid, with full phones, and cannot ask for another grid', async (t) => {
  const rig = await startPeopleApp(t)
  const page = (await rig.inject('gridManager1', { method: 'GET', url: '/api/persons?limit=200' })).json<PersonPage>()
  t.ok(page.total > 0)
  t.ok(page.items.every((person) => person.gridId === rig.community.gridIds[0]))
  t.ok(page.items.every((person) => /^1[0-9]{10}$/.test(person.phone!)), 'full phones')
  const other = await rig.inject('gridManager1', { method: 'GET', url: `/api/persons?gridId=${rig.community.gridIds[1]}` })
  t.equal(other.statusCode, 403)
  t.equal(other.json().error.code, 'OUT_OF_SCOPE')
  const otherPerson = (await rig.inject('gridManager2', { method: 'GET', url: '/api/persons?limit=1' })).json<PersonPage>().items[0]!
  const single = await rig.inject('gridManager1', { method: 'GET', url: `/api/persons/${otherPerson.id}` })
  t.equal(single.statusCode, 403)
  t.equal(single.json().error.code, 'OUT_OF_SCOPE')
})

t.test('gate staff see names and photos only', async (t) => {
  const rig = await startPeopleApp(t)
  const page = (await rig.inject('gateStaff', { method: 'GET', url: '/api/persons?limit=200' })).json<PersonPage>()
  t.ok(page.items.length > 0)
  t.ok(page.items.every((person) => person.phone === null && person.idNumber === null && person.householdId === null && person.visibility === 'identity'))
})

t.test('a resident sees their own household and nobody else', async (t) => {
  const rig = await startPeopleApp(t)
  const household = rig.community.householdIds[0]!
  const page = (await rig.inject('resident', { method: 'GET', url: '/api/persons' })).json<PersonPage>()
  t.same(page.items.map((person) => person.id).sort(), [...rig.community.peopleOfHousehold.get(household)!].sort())
  const stranger = rig.community.ownerIds[1]!
  t.equal((await rig.inject('resident', { method: 'GET', url: `/api/persons/${stranger}` })).statusCode, 403)
})

t.test('a landlord sees their own tenants, including the pending one', async (t) => {
  const rig = await startPeopleApp(t)
  const page = (await rig.inject('landlord1', { method: 'GET', url: '/api/persons?limit=200' })).json<PersonPage>()
  t.ok(page.items.some((person) => person.id === rig.community.pendingTenantIds[0]))
  t.ok(page.items.every((person) => /^1[0-9]{10}$/.test(person.phone!)))
  const stranger = (await rig.inject('landlord2', { method: 'GET', url: '/api/persons' })).json<PersonPage>()
  t.equal(stranger.total, 0)
})

t.test('an anonymous request is refused with SIGN_IN_REQUIRED', async (t) => {
  const rig = await startPeopleApp(t)
  const response = await rig.inject(null, { method: 'GET', url: '/api/persons' })
  t.equal(response.statusCode, 401)
  t.equal(response.json().error.code, 'SIGN_IN_REQUIRED')
})

t.test('revealing the full data is audited with its reason', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.ownerIds[0]!
  const refused = await rig.inject('admin', { method: 'POST', url: `/api/persons/${person}/reveal`, payload: {} })
  t.equal(refused.statusCode, 400)
  t.equal(refused.json().error.code, 'INVALID_REQUEST')
  const response = await rig.inject('admin', { method: 'POST', url: `/api/persons/${person}/reveal`, payload: { reason: '街道核查' } })
  t.equal(response.statusCode, 200)
  t.match(response.json(), { visibility: 'full', idNumber: /^[0-9]{17}[0-9X]$/ })
  const audit = rig.database.connection.prepare(`SELECT actor_id, subject_id, detail FROM audit_log WHERE action = 'person.personal-data-revealed'`).all()
  t.same(audit, [{ actor_id: 'acc-admin', subject_id: person, detail: JSON.stringify({ reason: '街道核查' }) }])
  t.equal((await rig.inject('gateStaff', { method: 'POST', url: `/api/persons/${person}/reveal`, payload: { reason: 'curious' } })).statusCode, 403)
})

t.test('creating a person checks the ID number and phone, listing every problem', async (t) => {
  const rig = await startPeopleApp(t)
  const household = rig.community.householdIds[0]!
  const bad = await rig.inject('admin', {
    method: 'POST',
    url: '/api/persons',
    payload: { displayName: '新人', role: 'resident', householdId: household, phone: '12345', idNumber: '110105194912310021' },
  })
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().error.code, 'BAD_PHONE')
  t.equal(bad.json().error.details.length, 2)
  const schemaBad = await rig.inject('admin', { method: 'POST', url: '/api/persons', payload: { role: 'king', extra: 1 } })
  t.equal(schemaBad.statusCode, 400)
  t.equal(schemaBad.json().error.code, 'INVALID_REQUEST')
  t.ok(schemaBad.json().error.details.length >= 3, 'missing name, bad role, extra property')
  const count = rig.database.connection.prepare('SELECT COUNT(*) FROM persons').pluck().get()
  t.equal(count, 40, 'nothing was written')
})

t.test('creating a person stores normalised data and audits it masked', async (t) => {
  const rig = await startPeopleApp(t)
  const household = rig.community.householdIds[0]!
  const response = await rig.inject('gridManager1', {
    method: 'POST',
    url: '/api/persons',
    payload: { displayName: '王小明', role: 'resident', householdId: household, phone: '+86 139-0000-1111', idNumber: '11010519491231002x' },
  })
  t.equal(response.statusCode, 201)
  const { id } = response.json<{ id: string }>()
  t.match(rig.repositories.persons.get(id), { phone: '13900001111', idNumber: '11010519491231002X', relation: 'family', status: 'active' })
  const detail = rig.database.connection.prepare(`SELECT detail FROM audit_log WHERE action = 'person.created' AND subject_id = ?`).pluck().get(id) as string
  t.notMatch(detail, '13900001111')
  t.notMatch(detail, '11010519491231002X')
  t.match(detail, '139****1111')
  const duplicate = await rig.inject('admin', {
    method: 'POST',
    url: '/api/persons',
    payload: { displayName: '冒名', role: 'resident', householdId: household, idNumber: '11010519491231002X' },
  })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().error.code, 'DUPLICATE_ID_NUMBER')
})

t.test('a grid manager cannot register into another grid or register staff', async (t) => {
  const rig = await startPeopleApp(t)
  const otherGridHousehold = rig.community.householdIds.find((id) => rig.repositories.households.get(id)!.gridId === rig.community.gridIds[1])!
  const response = await rig.inject('gridManager1', { method: 'POST', url: '/api/persons', payload: { displayName: '某人', role: 'resident', householdId: otherGridHousehold } })
  t.equal(response.statusCode, 403)
  t.equal(response.json().error.code, 'OUT_OF_SCOPE')
  const staff = await rig.inject('gridManager1', { method: 'POST', url: '/api/persons', payload: { displayName: '保安', role: 'staff' } })
  t.equal(staff.statusCode, 403)
  const missing = await rig.inject('admin', { method: 'POST', url: '/api/persons', payload: { displayName: '某人', role: 'resident', householdId: 'hh-404' } })
  t.equal(missing.json().error.code, 'HOUSEHOLD_NOT_FOUND')
  t.same(rig.policyChanges, [])
})

t.test('moving a person to another household is audited and tells the policy', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.residentIds[1]!
  const target = rig.community.householdIds[2]!
  const response = await rig.inject('admin', { method: 'POST', url: `/api/persons/${person}/move`, payload: { householdId: target, relation: 'owner' } })
  t.equal(response.statusCode, 200)
  t.match(rig.repositories.persons.get(person), { householdId: target, relation: 'owner' })
  t.same(rig.policyChanges, ['person moved'])
  t.ok(rig.auditActions().includes('person.moved'))
})

t.test('moving out revokes credentials, ends the tenancy and tells the policy', async (t) => {
  const rig = await startPeopleApp(t)
  const tenant = rig.community.tenantIds[0]!
  const response = await rig.inject('landlord1', { method: 'POST', url: `/api/persons/${tenant}/move-out`, payload: {} })
  t.equal(response.statusCode, 403, 'a landlord ends a tenancy through the declaration, not here')
  const moved = await rig.inject('admin', { method: 'POST', url: `/api/persons/${tenant}/move-out`, payload: { note: '合同到期' } })
  t.equal(moved.statusCode, 200)
  t.equal(rig.repositories.persons.get(tenant)!.status, 'moved-out')
  const active = rig.database.connection.prepare(`SELECT COUNT(*) FROM credentials WHERE person_id = ? AND status = 'active'`).pluck().get(tenant)
  t.equal(active, 0)
  t.equal(rig.repositories.declarations.list({ personId: tenant }, { limit: 5, offset: 0 }).items[0]!.status, 'ended')
  t.same(rig.policyChanges, ['person moved out'])
  const again = await rig.inject('admin', { method: 'POST', url: `/api/persons/${tenant}/move-out`, payload: {} })
  t.equal(again.json().error.code, 'ALREADY_MOVED_OUT')
})

t.test('a person with history cannot be deleted; a mistaken record can', async (t) => {
  const rig = await startPeopleApp(t)
  const refused = await rig.inject('admin', { method: 'DELETE', url: `/api/persons/${rig.community.ownerIds[0]}` })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().error.code, 'PERSON_HAS_HISTORY')
  const pending = rig.community.pendingTenantIds[0]!
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/persons/${pending}` })).statusCode, 200)
  t.equal(rig.repositories.persons.get(pending), null)
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/persons/${pending}` })).json().error.code, 'PERSON_NOT_FOUND')
})

t.test('editing a person changes only the given fields; a name change tells the policy', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.ownerIds[0]!
  const before = rig.repositories.persons.get(person)!
  const response = await rig.inject('admin', { method: 'PATCH', url: `/api/persons/${person}`, payload: { displayName: '张三丰', phone: null } })
  t.equal(response.statusCode, 200)
  t.match(rig.repositories.persons.get(person), { displayName: '张三丰', phone: null, idNumber: before.idNumber })
  t.same(rig.policyChanges, ['person edited'])
  const empty = await rig.inject('admin', { method: 'PATCH', url: `/api/persons/${person}`, payload: {} })
  t.equal(empty.statusCode, 400)
})
