import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import { buildHubApp } from '../hub/src/adapters/http/build-hub-app.js'
import { peopleRoutes } from '../hub/src/adapters/http/routes/people-routes.js'
import { openHubDatabase } from '../hub/src/adapters/sqlite/open-hub-database.js'
import { createPeopleRepositories } from '../hub/src/adapters/sqlite/people/people-repositories.js'
import type { Caller } from '../hub/src/domain/caller.js'
import type { Logger } from '../hub/src/ports/logger.js'
import { seedCommunity } from '../test/fakes/hub-community-seed.js'

const SILENT: Logger = { child: () => SILENT, trace() {}, debug() {}, info() {}, warn() {}, error() {} }

/**
 * The people-and-places model at community scale (100,000 people; 10,000 in a quick run):
 * - `hub.people.seed_s`: inserting the seeded community (one transaction, prepared statements).
 * - `hub.people.search_p95_ms`: GET /api/persons through the real app (schema, scope, masking,
 *   serialisation) over a mix of what the office types: a name, a phone tail, a room, a building,
 *   a grid manager's first page, and plain browsing; the 95th percentile.
 */
export async function hubPeopleBenchmarks(isQuick: boolean): Promise<Record<string, number>> {
  const directory = mkdtempSync(join(tmpdir(), 'gatehouse-people-bench-'))
  const database = openHubDatabase({ path: join(directory, 'hub.db') })
  try {
    const seedStart = performance.now()
    const community = seedCommunity(database.connection, { households: isQuick ? 3_334 : 33_334 })
    const seedS = (performance.now() - seedStart) / 1000
    const repositories = createPeopleRepositories(database.connection)
    const admin: Caller = { accountId: 'acc-admin', displayName: 'bench', role: 'admin', gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
    const gridManager: Caller = { ...admin, accountId: community.accounts.gridManagerIds[0]!, role: 'grid-manager', gridId: community.gridIds[0]! }
    const app = buildHubApp({
      log: SILENT,
      authenticate: (request) => (request.headers['x-bench-role'] === 'grid-manager' ? gridManager : admin),
      routes: peopleRoutes({ repositories, clock: systemClock, log: SILENT, policyChanges: { modelChanged() {} } }),
    })
    await app.ready()
    const someone = repositories.persons.get(community.ownerIds[Math.floor(community.ownerIds.length / 2)]!)!
    const urls = [
      `/api/persons?name=${encodeURIComponent(someone.displayName)}`,
      `/api/persons?phoneTail=${someone.phone!.slice(-4)}`,
      `/api/persons?room=${someone.room}`,
      `/api/persons?buildingId=${someone.buildingId}`,
      '/api/persons?offset=500',
      '/api/persons',
    ]
    const samples: number[] = []
    for (let round = 0; round < (isQuick ? 5 : 20); round += 1) {
      for (const url of urls) {
        for (const role of ['admin', 'grid-manager']) {
          const start = performance.now()
          const response = await app.inject({ method: 'GET', url, headers: { 'x-bench-role': role } })
          samples.push(performance.now() - start)
          if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`)
        }
      }
    }
    await app.close()
    samples.sort((a, b) => a - b)
    const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!
    return { 'hub.people.seed_s': round2(seedS), 'hub.people.search_p95_ms': round2(p95) }
  } finally {
    database.close()
    rmSync(directory, { recursive: true, force: true })
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}
