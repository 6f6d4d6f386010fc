import t from 'tap'
import { join } from 'node:path'
import { listRoutesWithoutSchema, registeredRoutes } from '../../../hub/src/adapters/http/openapi-document.js'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

t.test('every route the wired hub serves has a schema and is in its OpenAPI document', async (t) => {
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(t.testdir(), 'data'), http: { port: 0 }, mqtt: { port: 0 } }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const runtime = new HubRuntime({ config: loaded.value, clock: new ManualClock(Date.UTC(2026, 10, 23)), log: new SilentLogger() })
  t.teardown(() => runtime.database.close())
  await runtime.app.ready()
  const routes = registeredRoutes(runtime.app)
  t.ok(routes.length > 50, `the wired hub serves the routes of every area (${routes.length})`)
  t.same(listRoutesWithoutSchema(runtime.app), [])
  const response = await runtime.app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths)
  for (const url of ['/api/setup', '/api/persons', '/api/credentials', '/api/enrollment', '/api/edges/{edgeId}/policy/{version}', '/api/events', '/api/doors/{doorId}/open']) {
    t.ok(paths.includes(url), `OpenAPI lists ${url}`)
  }
  await runtime.app.close()
})
