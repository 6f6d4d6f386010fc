import t from 'tap'
import { startAccessApp } from '../../fakes/hub-access-app.js'

t.test('the admin creates an edge and its doors; the list shows each edge with its doors', async (t) => {
  const rig = await startAccessApp(t)
  const created = await rig.inject('admin', { method: 'POST', url: '/api/edges', payload: { id: 'west-gate', name: '西门' } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { id: 'west-gate', name: '西门', doors: [] })
  const door = await rig.inject('admin', {
    method: 'POST',
    url: '/api/edges/west-gate/doors',
    payload: { id: 'west-in', name: '西门 居民通道', kind: 'gate', lane: 'residents', isTemperatureRequired: true, antiPassback: 'soft' },
  })
  t.equal(door.statusCode, 201)
  t.match(door.json(), { id: 'west-in', edgeId: 'west-gate', failMode: 'fail-secure', antiPassbackGroupId: 'compound', temperatureEnforcement: 'hard', maxPolicyAgeMs: null })
  const listed = await rig.inject('admin', { method: 'GET', url: `/api/edges?name=${encodeURIComponent('西')}` })
  t.match(listed.json(), { total: 1, limit: 50, offset: 0, items: [{ id: 'west-gate', doors: [{ id: 'west-in', lane: 'residents' }] }] })
  t.same(rig.policyChanges, ['edge.created west-gate', 'door.created west-in'])
  t.same(rig.auditActions().slice(-2), ['edge.created', 'door.created'])
})

t.test('refusals keep their stable codes, change nothing and tell no one', async (t) => {
  const rig = await startAccessApp(t)
  const doorId = rig.community.buildingDoorIds[0]!
  const rule = { subjectKind: 'role', subjectId: 'resident', targetKind: 'door', targetId: doorId, scheduleId: null, isLockdownExempt: false, validFromMs: null, validUntilMs: null } as const
  t.ok(rig.repositories.accessRules.create(rule, { actor: { kind: 'system', id: 'test', name: 'test' }, atMs: rig.clock.now() }).ok)
  const before = rig.auditActions().length
  const duplicate = await rig.inject('admin', { method: 'POST', url: '/api/edges', payload: { id: rig.community.gateEdgeId, name: 'again' } })
  t.equal(duplicate.statusCode, 409)
  t.equal(duplicate.json().error.code, 'EDGE_EXISTS')
  const badDoor = await rig.inject('admin', { method: 'POST', url: `/api/edges/${rig.community.gateEdgeId}/doors`, payload: { name: 'x', kind: 'building' } })
  t.equal(badDoor.statusCode, 400)
  t.match(badDoor.json().error, { code: 'BAD_DOOR', details: ['/buildingId: a building door names its building'] })
  const badSchema = await rig.inject('admin', { method: 'POST', url: '/api/edges', payload: { id: 'Bad Id', name: '' } })
  t.equal(badSchema.json().error.code, 'INVALID_REQUEST')
  t.equal(badSchema.json().error.details.length, 2, 'every violation listed')
  const noEdge = await rig.inject('admin', { method: 'POST', url: '/api/edges/nowhere/doors', payload: { name: 'x', kind: 'gate' } })
  t.equal(noEdge.statusCode, 404)
  const inUse = await rig.inject('admin', { method: 'DELETE', url: `/api/doors/${doorId}` })
  t.match(inUse.json(), { error: { code: 'IN_USE' } }, 'a door a rule names stays')
  t.same(rig.policyChanges, [])
  t.equal(rig.auditActions().length, before)
})

t.test('only the admin changes edges and doors; gate staff read their own checkpoint only', async (t) => {
  const rig = await startAccessApp(t)
  const { gateEdgeId, gateDoorIds, buildingEdgeIds } = rig.community
  for (const who of ['gridManager1', 'gateStaff', 'resident'] as const) {
    const response = await rig.inject(who, { method: 'PATCH', url: `/api/doors/${gateDoorIds.residents}`, payload: { failMode: 'fail-safe' } })
    t.equal(response.statusCode, 403, who)
    t.equal(response.json().error.code, 'FORBIDDEN')
  }
  t.equal((await rig.inject(null, { method: 'GET', url: '/api/edges' })).statusCode, 401)
  const own = await rig.inject('gateStaff', { method: 'GET', url: '/api/edges' })
  t.same(own.json().items.map((edge: { id: string }) => edge.id), [gateEdgeId])
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: `/api/edges/${buildingEdgeIds[0]}` })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('gateStaff', { method: 'GET', url: `/api/doors?edgeId=${buildingEdgeIds[0]}` })).statusCode, 403)
  const doors = await rig.inject('gateStaff', { method: 'GET', url: '/api/doors?lane=assisted' })
  t.same(doors.json().items.map((door: { id: string }) => door.id), [gateDoorIds.assisted])
  t.equal((await rig.inject('gridManager2', { method: 'GET', url: `/api/doors/${gateDoorIds.returnees}` })).json().lane, 'returnees')
  t.equal((await rig.inject('resident', { method: 'GET', url: '/api/doors' })).statusCode, 403)
  const changed = await rig.inject('admin', { method: 'PATCH', url: `/api/doors/${gateDoorIds.assisted}`, payload: { failMode: 'fail-safe', maxPolicyAgeMs: 86_400_000 } })
  t.match(changed.json(), { failMode: 'fail-safe', maxPolicyAgeMs: 86_400_000, lane: 'assisted' })
  t.same(rig.policyChanges, [`door.changed ${gateDoorIds.assisted}`])
})

t.test('every access route is in the OpenAPI document with its tag and summary', async (t) => {
  const rig = await startAccessApp(t)
  const document = (await rig.inject(null, { method: 'GET', url: '/openapi.json' })).json()
  const operations = Object.entries(document.paths as Record<string, Record<string, { tags?: string[]; summary?: string }>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, ...operation })),
  )
  const accessPaths = ['/api/edges', '/api/doors/{doorId}', '/api/credentials/{credentialId}/revoke', '/api/phone-keys', '/api/observation-orders/{orderId}/extend', '/api/lockdowns', '/api/visitor-passes', '/api/holidays/{localDate}', '/api/access-rules', '/api/door-groups/{groupId}/members', '/api/medical-exceptions']
  for (const path of accessPaths) t.ok(operations.some((operation) => operation.path === path), path)
  const ours = operations.filter((operation) => accessPaths.some((path) => operation.path.startsWith(path.split('/{')[0]!)))
  t.ok(ours.length >= 40)
  t.ok(ours.every((operation) => (operation.tags?.length ?? 0) > 0 && (operation.summary?.length ?? 0) > 0), 'tags and summary on each')
})
