/**
 * The people-and-places routes on a real SQLite file with the seeded community, for the people
 * tests: `rig.as('gridManager1').get('/api/persons')` sends a request as one of the seeded
 * accounts (the test authenticate reads the `x-test-caller` header).
 */
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import type { Caller } from '../../hub/src/domain/caller.js'
import type { FeverReport } from '../../hub/src/adapters/http/people/people-route-deps.js'
import { buildHubApp } from '../../hub/src/adapters/http/build-hub-app.js'
import { peopleRoutes } from '../../hub/src/adapters/http/routes/people-routes.js'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'
import { createPeopleRepositories, type PeopleRepositories } from '../../hub/src/adapters/sqlite/people/people-repositories.js'
import { seedCommunity, type SeedCommunityOptions, type SeededCommunity } from './hub-community-seed.js'
import { ManualClock } from './manual-clock.js'
import { SilentLogger } from './silent-logger.js'

export type PeopleCallerName = 'admin' | 'gridManager1' | 'gridManager2' | 'gateStaff' | 'landlord1' | 'landlord2' | 'resident'

export interface PeopleAppRig {
  readonly app: FastifyInstance
  readonly database: HubDatabase
  readonly repositories: PeopleRepositories
  readonly community: SeededCommunity
  readonly clock: ManualClock
  readonly callers: Readonly<Record<PeopleCallerName, Caller>>
  /** Every `modelChanged(why)` the routes reported, in order. */
  readonly policyChanges: string[]
  /** Every fever report the routes announced (`onFeverReported`). */
  readonly fevers: FeverReport[]
  inject(who: PeopleCallerName | null, options: InjectOptions): Promise<LightMyRequestResponse>
  auditActions(): string[]
}

export async function startPeopleApp(t: Test, options: SeedCommunityOptions & { photoMaxBytes?: number } = {}): Promise<PeopleAppRig> {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  const community = seedCommunity(database.connection, options)
  const clock = new ManualClock(community.nowMs)
  const repositories = createPeopleRepositories(database.connection)
  const callers = callersOf(community)
  const policyChanges: string[] = []
  const fevers: FeverReport[] = []
  const app = buildHubApp({
    log: new SilentLogger(),
    authenticate: (request) => {
      const name = request.headers['x-test-caller']
      return typeof name === 'string' && name in callers ? callers[name as PeopleCallerName] : null
    },
    routes: peopleRoutes({
      repositories,
      clock,
      log: new SilentLogger(),
      policyChanges: { modelChanged: (why) => void policyChanges.push(why) },
      onFeverReported: (report) => void fevers.push(report),
      ...(options.photoMaxBytes === undefined ? {} : { photoMaxBytes: options.photoMaxBytes }),
    }),
  })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    database.close()
  })
  return {
    app,
    database,
    repositories,
    community,
    clock,
    callers,
    policyChanges,
    fevers,
    inject: (who, injectOptions) =>
      app.inject({ ...injectOptions, headers: { ...(injectOptions.headers ?? {}), ...(who === null ? {} : { 'x-test-caller': who }) } }),
    auditActions: () => database.connection.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all() as string[],
  }
}

function callersOf(community: SeededCommunity): Record<PeopleCallerName, Caller> {
  const base = { gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
  return {
    admin: { ...base, accountId: community.accounts.adminId, displayName: '管理员', role: 'admin' },
    gridManager1: { ...base, accountId: community.accounts.gridManagerIds[0]!, displayName: '网格员1', role: 'grid-manager', gridId: community.gridIds[0]! },
    gridManager2: { ...base, accountId: community.accounts.gridManagerIds[1]!, displayName: '网格员2', role: 'grid-manager', gridId: community.gridIds[1]! },
    gateStaff: { ...base, accountId: community.accounts.gateStaffId, displayName: '门岗', role: 'gate-staff', checkpointEdgeId: community.gateEdgeId },
    landlord1: { ...base, accountId: community.accounts.landlordAccountIds[0]!, displayName: '房东1', role: 'landlord', landlordId: community.landlordIds[0]! },
    landlord2: { ...base, accountId: 'acc-landlord-other', displayName: '房东2', role: 'landlord', landlordId: 'll-nobody' },
    resident: { ...base, accountId: community.accounts.residentAccountId, displayName: '业主', role: 'resident', personId: community.ownerIds[0]! },
  }
}
