import t from 'tap'
import { startPeopleApp } from '../../fakes/hub-people-app.js'

t.test('the admin changes screening settings; the policy hears of it, retention alone does not tell it', async (t) => {
  const rig = await startPeopleApp(t)
  const response = await rig.inject('admin', { method: 'PUT', url: '/api/site', payload: { feverThresholdCelsius: 37.5, calibrationOffsetCelsius: 0.4 } })
  t.equal(response.statusCode, 200)
  t.match(response.json(), { feverThresholdCelsius: 37.5, calibrationOffsetCelsius: 0.4, name: '向阳小区' })
  t.same(rig.policyChanges, ['site settings changed'])
  await rig.inject('admin', { method: 'PUT', url: '/api/site', payload: { temperatureRetentionDays: 7 } })
  t.same(rig.policyChanges, ['site settings changed'])
  t.equal(rig.repositories.sites.temperatureRetentionDays(), 7)
  const bad = await rig.inject('admin', { method: 'PUT', url: '/api/site', payload: { feverThresholdCelsius: 45, samplesPerMeasurement: 0, colour: 'red' } })
  t.equal(bad.statusCode, 400)
  t.ok(bad.json().error.details.length >= 3, bad.json().error.details.join('; '))
  const gridManager = await rig.inject('gridManager1', { method: 'PUT', url: '/api/site', payload: { feverThresholdCelsius: 37 } })
  t.equal(gridManager.statusCode, 403)
  t.equal((await rig.inject('resident', { method: 'GET', url: '/api/site' })).json().name, '向阳小区')
  t.same(rig.auditActions(), ['site.updated', 'site.updated'])
})

t.test('a grid manager sees their own grid and buildings only', async (t) => {
  const rig = await startPeopleApp(t)
  const grids = (await rig.inject('gridManager2', { method: 'GET', url: '/api/grids' })).json().items
  t.same(grids.map((grid: { id: string }) => grid.id), [rig.community.gridIds[1]])
  t.equal(grids[0].managerAccountId, rig.community.accounts.gridManagerIds[1])
  const buildings = (await rig.inject('gridManager2', { method: 'GET', url: '/api/buildings' })).json().items as { gridId: string }[]
  t.ok(buildings.length > 0 && buildings.every((building) => building.gridId === rig.community.gridIds[1]))
  const refused = await rig.inject('gridManager2', { method: 'GET', url: `/api/buildings/${rig.community.buildingIds[0]}` })
  t.equal(refused.json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('resident', { method: 'GET', url: '/api/buildings' })).statusCode, 403)
})

t.test('buildings and units: duplicates, missing references and non-empty deletes have their codes', async (t) => {
  const rig = await startPeopleApp(t)
  const created = await rig.inject('admin', { method: 'POST', url: '/api/buildings', payload: { name: '9号楼', gridId: rig.community.gridIds[0] } })
  t.equal(created.statusCode, 201)
  const building = created.json<{ id: string }>()
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/buildings', payload: { name: '9号楼' } })).json().error.code, 'DUPLICATE_BUILDING')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/buildings', payload: { name: '10号楼', gridId: 'grid-404' } })).json().error.code, 'GRID_NOT_FOUND')
  const unit = await rig.inject('admin', { method: 'POST', url: `/api/buildings/${building.id}/units`, payload: { name: '1单元' } })
  t.equal(unit.statusCode, 201)
  const duplicateUnit = await rig.inject('admin', { method: 'POST', url: `/api/buildings/${building.id}/units`, payload: { name: '1单元' } })
  t.equal(duplicateUnit.statusCode, 409)
  t.equal(duplicateUnit.json().error.code, 'DUPLICATE_UNIT')
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/buildings/bld-404/units', payload: { name: '1单元' } })).json().error.code, 'BUILDING_NOT_FOUND')
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/buildings/${building.id}` })).json().error.code, 'BUILDING_NOT_EMPTY')
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/units/${unit.json().id}` })).statusCode, 200)
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/buildings/${building.id}` })).statusCode, 200)
  const seededBuilding = rig.community.buildingIds[0]!
  for (const unitId of rig.repositories.buildings.units(seededBuilding).map((row) => row.id)) {
    t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/units/${unitId}` })).json().error.code, 'UNIT_NOT_EMPTY')
  }
  t.same(rig.auditActions(), ['building.created', 'unit.created', 'unit.deleted', 'building.deleted'])
})

t.test('moving a building to another grid moves its households and tells the policy', async (t) => {
  const rig = await startPeopleApp(t)
  const buildingId = rig.community.buildingIds[0]!
  const response = await rig.inject('admin', { method: 'PATCH', url: `/api/buildings/${buildingId}`, payload: { gridId: rig.community.gridIds[1] } })
  t.equal(response.statusCode, 200)
  t.equal(response.json().gridId, rig.community.gridIds[1])
  const households = rig.repositories.households.list({ buildingId }, { limit: 100, offset: 0 }).items
  t.ok(households.every((household) => household.gridId === rig.community.gridIds[1]))
  t.same(rig.policyChanges, ['building moved to another grid'])
})

t.test('grids: created by the admin, managed by a grid-manager account, deleted only when empty', async (t) => {
  const rig = await startPeopleApp(t)
  const notManager = await rig.inject('admin', { method: 'POST', url: '/api/grids', payload: { name: '第九网格', managerAccountId: rig.community.accounts.gateStaffId } })
  t.equal(notManager.json().error.code, 'NOT_A_GRID_MANAGER')
  const created = await rig.inject('admin', { method: 'POST', url: '/api/grids', payload: { name: '第九网格' } })
  t.equal(created.statusCode, 201)
  t.equal((await rig.inject('admin', { method: 'POST', url: '/api/grids', payload: { name: '第九网格' } })).json().error.code, 'DUPLICATE_GRID')
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/grids/${rig.community.gridIds[0]}` })).json().error.code, 'GRID_IN_USE')
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/grids/${created.json().id}` })).statusCode, 200)
})

t.test('households: a grid manager creates in their grid; duplicates and other grids are refused', async (t) => {
  const rig = await startPeopleApp(t)
  const ownUnit = rig.community.unitIds.find((id) => rig.repositories.buildings.unit(id)!.gridId === rig.community.gridIds[0])!
  const otherUnit = rig.community.unitIds.find((id) => rig.repositories.buildings.unit(id)!.gridId === rig.community.gridIds[1])!
  const created = await rig.inject('gridManager1', { method: 'POST', url: '/api/households', payload: { unitId: ownUnit, room: '1801' } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { room: '1801', gridId: rig.community.gridIds[0], memberCount: 0 })
  t.equal((await rig.inject('gridManager1', { method: 'POST', url: '/api/households', payload: { unitId: ownUnit, room: '1801' } })).json().error.code, 'DUPLICATE_HOUSEHOLD')
  t.equal((await rig.inject('gridManager1', { method: 'POST', url: '/api/households', payload: { unitId: otherUnit, room: '1801' } })).json().error.code, 'OUT_OF_SCOPE')
  const bad = await rig.inject('gridManager1', { method: 'POST', url: '/api/households', payload: { unitId: ownUnit, room: '18 01; DROP' } })
  t.equal(bad.json().error.code, 'INVALID_REQUEST')
  const occupied = rig.community.householdIds[0]!
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/households/${occupied}` })).json().error.code, 'HOUSEHOLD_NOT_EMPTY')
  t.equal((await rig.inject('gridManager1', { method: 'DELETE', url: `/api/households/${created.json().id}` })).statusCode, 200)
})

t.test('households list in pages; a resident reads their own household with members', async (t) => {
  const rig = await startPeopleApp(t)
  const page = (await rig.inject('gridManager1', { method: 'GET', url: '/api/households?limit=2&offset=1' })).json()
  t.equal(page.items.length, 2)
  t.equal(page.limit, 2)
  t.equal(page.offset, 1)
  t.ok(page.items.every((household: { gridId: string }) => household.gridId === rig.community.gridIds[0]))
  const own = rig.community.householdIds[0]!
  const household = await rig.inject('resident', { method: 'GET', url: `/api/households/${own}` })
  t.equal(household.statusCode, 200)
  t.equal(household.json().members.length, 3)
  t.equal((await rig.inject('resident', { method: 'GET', url: `/api/households/${rig.community.householdIds[1]}` })).statusCode, 403)
  t.equal((await rig.inject('admin', { method: 'GET', url: '/api/households?limit=0' })).json().error.code, 'INVALID_REQUEST')
})

t.test('every people-and-places route is in the OpenAPI document with its tag', async (t) => {
  const rig = await startPeopleApp(t)
  const document = (await rig.inject(null, { method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { tags: string[] }>> }>()
  for (const [path, method] of [
    ['/api/persons', 'get'],
    ['/api/persons/{personId}/reveal', 'post'],
    ['/api/persons/{personId}/photo', 'put'],
    ['/api/households/{householdId}', 'patch'],
    ['/api/tenant-declarations/{declarationId}/verify', 'post'],
    ['/api/returnees', 'post'],
    ['/api/temperature-reports', 'get'],
    ['/api/site', 'put'],
  ] as const) {
    t.ok(document.paths[path]?.[method]?.tags?.length, `${method.toUpperCase()} ${path}`)
  }
})
