import t from 'tap'
import { listRoutesWithoutSchema, registeredRoutes } from '../../../hub/src/adapters/http/openapi-document.js'
import { appendAudit } from '../../../hub/src/adapters/sqlite/append-audit.js'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { healthRoutes } from '../../../hub/src/adapters/http/routes/health-routes.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { accountsFixture } from './accounts-fixture.js'

const ACTOR = { kind: 'account', id: 'acc-clerk', name: 'Clerk' } as const

t.test('the audit log refuses UPDATE and DELETE, even through raw SQL', async (t) => {
  const hub = accountsFixture(t)
  await hub.setUpAdmin()
  t.throws(() => hub.connection.prepare(`UPDATE audit_log SET actor_name = 'someone else'`).run(), /append-only/)
  t.throws(() => hub.connection.prepare('DELETE FROM audit_log').run(), /append-only/)
  t.equal(hub.auditRows().length, 1)
  t.equal(hub.auditRows()[0]?.actor_kind, 'setup')
})

t.test('GET /api/audit filters by subject, actor, action and time, newest first, in pages', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  const startMs = hub.clock.now()
  for (let index = 0; index < 5; index++) {
    appendAudit(hub.connection, { actor: ACTOR, action: 'credential.revoked', subjectKind: 'credential', subjectId: `crd-${index}`, detail: { index }, atMs: startMs + index * 1_000 })
  }
  appendAudit(hub.connection, { actor: { kind: 'system', id: 'hub', name: 'hub' }, action: 'observation.released', subjectKind: 'person', subjectId: 'per-1', atMs: startMs + 10_000 })
  const query = async (search: string) => (await hub.request('GET', `/api/audit${search}`, admin)).json()
  const all = await query('')
  t.same(all.entries.map((entry: { action: string }) => entry.action).slice(0, 2), ['observation.released', 'credential.revoked'])
  t.equal(all.nextBeforeSeq, null)
  t.same((await query('?subjectKind=credential&subjectId=crd-3')).entries.map((entry: { detail: object }) => entry.detail), [{ index: 3 }])
  t.equal((await query('?actorId=acc-clerk')).entries.length, 5)
  t.equal((await query('?actionPrefix=observation.')).entries.length, 1)
  t.equal((await query('?actionPrefix=%25')).entries.length, 0, 'LIKE wildcards are literal')
  const window = await query(`?fromMs=${startMs + 1_000}&toMs=${startMs + 3_000}`)
  t.same(window.entries.map((entry: { subjectId: string }) => entry.subjectId), ['crd-2', 'crd-1'])
  const firstPage = await query('?actorId=acc-clerk&limit=2')
  t.same(firstPage.entries.map((entry: { subjectId: string }) => entry.subjectId), ['crd-4', 'crd-3'])
  const secondPage = await query(`?actorId=acc-clerk&limit=2&beforeSeq=${firstPage.nextBeforeSeq}`)
  t.same(secondPage.entries.map((entry: { subjectId: string }) => entry.subjectId), ['crd-2', 'crd-1'])
  t.match(all.entries[0], { seq: Number, atMs: startMs + 10_000, actor: { kind: 'system', id: 'hub', name: 'hub' }, subjectKind: 'person', subjectId: 'per-1', detail: {} })
  const bad = await hub.request('GET', '/api/audit?limit=many&fromMs=yesterday', admin)
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().error.details.length, 2, 'every bad parameter is listed')
})

t.test('GET /api/health answers 200 when every check passes and 503 naming the one that fails', async (t) => {
  const hub = accountsFixture(t)
  const healthy = await hub.request('GET', '/api/health')
  t.equal(healthy.statusCode, 200)
  t.same(healthy.json(), { status: 'ok', checks: { database: 'ok' } })
  const checks = {
    database: (): boolean => {
      throw new Error('SQLITE_IOERR')
    },
    broker: () => true,
  }
  const app = buildHubApp({ log: new SilentLogger(), authenticate: () => null, routes: [healthRoutes({ checks })] })
  const failing = await app.inject({ method: 'GET', url: '/api/health' })
  t.equal(failing.statusCode, 503)
  t.same(failing.json(), { status: 'failing', checks: { database: 'failing', broker: 'ok' } })
})

t.test('every accounts route documents itself and appears in the OpenAPI document', async (t) => {
  const hub = accountsFixture(t)
  t.same(listRoutesWithoutSchema(hub.app), [])
  const document = (await hub.request('GET', '/openapi.json')).json()
  const routes = registeredRoutes(hub.app)
  t.ok(routes.length >= 12)
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    t.ok(document.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url} is in OpenAPI`)
  }
  t.same(document.paths['/api/session'].post.security, [], 'sign-in is anonymous')
  t.same(document.paths['/api/accounts/{accountId}'].patch.security, [{ sessionCookie: [], csrfToken: [] }])
  t.same(document.paths['/api/accounts'].get.tags, ['accounts'])
})
