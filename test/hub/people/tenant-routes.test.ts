import t from 'tap'
import { startPeopleApp } from '../../fakes/hub-people-app.js'

const TENANT = { displayName: '赵租客', phone: '13700001234', idNumber: '11010519491231002X' }

t.test('a landlord declares a tenant: a pending person and a pending declaration, audited', async (t) => {
  const rig = await startPeopleApp(t)
  const householdId = rig.community.rentedHouseholdIds[0]!
  const response = await rig.inject('landlord1', { method: 'POST', url: '/api/tenant-declarations', payload: { householdId, tenant: TENANT, note: '一年租约' } })
  t.equal(response.statusCode, 201, response.body)
  const declaration = response.json()
  t.match(declaration, { status: 'pending', landlordId: rig.community.landlordIds[0], householdId, personName: '赵租客' })
  t.match(rig.repositories.persons.get(declaration.personId), { status: 'pending', role: 'tenant', phone: '13700001234' })
  t.same(rig.auditActions(), ['tenant.declared'])
  t.same(rig.policyChanges, [], 'a pending tenant opens no door')
  const audit = rig.database.connection.prepare(`SELECT detail FROM audit_log`).pluck().get() as string
  t.notMatch(audit, '11010519491231002X')
})

t.test('a landlord cannot declare as another landlord; bad tenant data is listed', async (t) => {
  const rig = await startPeopleApp(t)
  const householdId = rig.community.rentedHouseholdIds[0]!
  const other = await rig.inject('landlord1', { method: 'POST', url: '/api/tenant-declarations', payload: { landlordId: 'll-2', householdId, tenant: TENANT } })
  t.equal(other.json().error.code, 'OUT_OF_SCOPE')
  const bad = await rig.inject('landlord1', { method: 'POST', url: '/api/tenant-declarations', payload: { householdId, tenant: { ...TENANT, phone: '999', idNumber: '110105194912310020' } } })
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().error.details.length, 2)
  const staffWithoutLandlord = await rig.inject('admin', { method: 'POST', url: '/api/tenant-declarations', payload: { householdId, tenant: TENANT } })
  t.equal(staffWithoutLandlord.json().error.code, 'LANDLORD_REQUIRED')
  t.same(rig.auditActions(), [])
})

t.test('grid staff verify a declaration: the tenant becomes active and the policy hears of it', async (t) => {
  const rig = await startPeopleApp(t)
  const declarationId = rig.community.pendingDeclarationIds[0]!
  const declaration = rig.repositories.declarations.get(declarationId)!
  const wrongGrid = declaration.gridId === rig.community.gridIds[0] ? 'gridManager2' : 'gridManager1'
  const rightGrid = wrongGrid === 'gridManager1' ? 'gridManager2' : 'gridManager1'
  t.equal((await rig.inject(wrongGrid, { method: 'POST', url: `/api/tenant-declarations/${declarationId}/verify`, payload: {} })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('landlord1', { method: 'POST', url: `/api/tenant-declarations/${declarationId}/verify`, payload: {} })).statusCode, 403)
  const verified = await rig.inject(rightGrid, { method: 'POST', url: `/api/tenant-declarations/${declarationId}/verify`, payload: { note: '电话核实' } })
  t.equal(verified.statusCode, 200, verified.body)
  t.match(verified.json(), { status: 'verified', decidedByAccountId: rig.callers[rightGrid].accountId, note: '电话核实' })
  t.match(rig.repositories.persons.get(declaration.personId), { status: 'active', role: 'tenant', householdId: declaration.householdId })
  t.same(rig.policyChanges, ['tenant verified'])
  const again = await rig.inject(rightGrid, { method: 'POST', url: `/api/tenant-declarations/${declarationId}/verify`, payload: {} })
  t.equal(again.json().error.code, 'DECLARATION_NOT_PENDING')
})

t.test('rejecting needs a reason; the pending person does not become a tenant', async (t) => {
  const rig = await startPeopleApp(t)
  const declarationId = rig.community.pendingDeclarationIds[0]!
  t.equal((await rig.inject('admin', { method: 'POST', url: `/api/tenant-declarations/${declarationId}/reject`, payload: {} })).json().error.code, 'INVALID_REQUEST')
  const rejected = await rig.inject('admin', { method: 'POST', url: `/api/tenant-declarations/${declarationId}/reject`, payload: { note: '查无此人' } })
  t.equal(rejected.json().status, 'rejected')
  t.equal(rig.repositories.persons.get(rig.community.pendingTenantIds[0]!)!.status, 'moved-out')
})

t.test('a landlord ends a tenancy: the tenant moves out and loses their card', async (t) => {
  const rig = await startPeopleApp(t)
  const tenant = rig.community.tenantIds[0]!
  const declarationId = rig.repositories.declarations.list({ personId: tenant }, { limit: 1, offset: 0 }).items[0]!.id
  t.equal((await rig.inject('landlord2', { method: 'POST', url: `/api/tenant-declarations/${declarationId}/end`, payload: {} })).json().error.code, 'OUT_OF_SCOPE')
  const ended = await rig.inject('landlord1', { method: 'POST', url: `/api/tenant-declarations/${declarationId}/end`, payload: { note: '退租' } })
  t.equal(ended.statusCode, 200, ended.body)
  t.equal(ended.json().status, 'ended')
  t.equal(rig.repositories.persons.get(tenant)!.status, 'moved-out')
  t.equal(rig.database.connection.prepare(`SELECT COUNT(*) FROM credentials WHERE person_id = ? AND status = 'active'`).pluck().get(tenant), 0)
  t.same(rig.policyChanges, ['tenancy ended'])
  t.equal((await rig.inject('landlord1', { method: 'POST', url: `/api/tenant-declarations/${declarationId}/end`, payload: {} })).json().error.code, 'DECLARATION_CLOSED')
})

t.test('declarations are listed by scope: landlords their own, grid managers their grid', async (t) => {
  const rig = await startPeopleApp(t, { households: 40 })
  const own = (await rig.inject('landlord1', { method: 'GET', url: '/api/tenant-declarations?limit=200' })).json()
  t.ok(own.total > 0)
  t.ok(own.items.every((declaration: { landlordId: string }) => declaration.landlordId === rig.community.landlordIds[0]))
  t.equal(own.items[0].status, 'pending', 'pending first')
  const grid = (await rig.inject('gridManager2', { method: 'GET', url: '/api/tenant-declarations?limit=200' })).json()
  t.ok(grid.items.every((declaration: { gridId: string }) => declaration.gridId === rig.community.gridIds[1]))
  t.equal((await rig.inject('resident', { method: 'GET', url: '/api/tenant-declarations' })).statusCode, 403)
  const pendingOnly = (await rig.inject('admin', { method: 'GET', url: '/api/tenant-declarations?status=pending' })).json()
  t.equal(pendingOnly.total, 1)
})

t.test('landlords: phones full for grid managers and the landlord, masked for the admin', async (t) => {
  const rig = await startPeopleApp(t)
  const landlordId = rig.community.landlordIds[0]!
  t.match((await rig.inject('gridManager1', { method: 'GET', url: `/api/landlords/${landlordId}` })).json(), { phone: /^1[0-9]{10}$/, idNumber: /\*{11}/ })
  t.match((await rig.inject('admin', { method: 'GET', url: `/api/landlords/${landlordId}` })).json(), { phone: /^1[0-9]{2}\*{4}[0-9]{4}$/ })
  t.match((await rig.inject('landlord1', { method: 'GET', url: '/api/landlords' })).json(), { total: 1, items: [{ id: landlordId, pendingTenantCount: 1 }] })
  t.equal((await rig.inject('landlord2', { method: 'GET', url: `/api/landlords/${landlordId}` })).json().error.code, 'OUT_OF_SCOPE')
  const created = await rig.inject('gridManager1', { method: 'POST', url: '/api/landlords', payload: { displayName: '钱房东', phone: '13512345678' } })
  t.equal(created.statusCode, 201)
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/landlords/${landlordId}` })).json().error.code, 'LANDLORD_IN_USE')
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/landlords/${created.json().id}` })).statusCode, 200)
})
