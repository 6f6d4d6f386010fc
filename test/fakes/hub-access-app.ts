/**
 * The access-model routes on a real SQLite file with the seeded community (hub-community-seed.ts),
 * for the access tests: `rig.inject('gridManager1', { method: 'GET', url: '/api/credentials' })`
 * sends a request as one of the seeded accounts (the test authenticate reads `x-test-caller`).
 */
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import type { Caller } from '../../hub/src/domain/caller.js'
import { createAccessRepositories, type AccessRepositories } from '../../hub/src/adapters/http/access/access-route-deps.js'
import { buildHubApp } from '../../hub/src/adapters/http/build-hub-app.js'
import { accessRoutes } from '../../hub/src/adapters/http/routes/access-routes.js'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'
import { seedCommunity, type SeededCommunity } from './hub-community-seed.js'
import { ManualClock } from './manual-clock.js'
import { SilentLogger } from './silent-logger.js'

export type AccessCallerName = 'admin' | 'gridManager1' | 'gridManager2' | 'gateStaff' | 'otherGateStaff' | 'landlord' | 'resident' | 'otherResident'

export interface AccessAppRig {
  readonly app: FastifyInstance
  readonly database: HubDatabase
  readonly repositories: AccessRepositories
  readonly community: SeededCommunity
  readonly clock: ManualClock
  readonly callers: Readonly<Record<AccessCallerName, Caller>>
  /** Every `modelChanged(why)` the routes reported, in order. */
  readonly policyChanges: string[]
  inject(who: AccessCallerName | null, options: InjectOptions): Promise<LightMyRequestResponse>
  auditActions(): string[]
  /** A person of the given grid (index into community.gridIds), owner of a household there. */
  ownerInGrid(gridIndex: number): string
}

export async function startAccessApp(t: Test, options: { readonly listenerThrows?: boolean } = {}): Promise<AccessAppRig> {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  const community = seedCommunity(database.connection, { households: 16, grids: 2 })
  const clock = new ManualClock(community.nowMs)
  const repositories = createAccessRepositories(database.connection)
  const ownerInGrid = (gridIndex: number) => ownerOfGrid(database, community, gridIndex)
  const callers = callersOf(community, ownerInGrid(1))
  const policyChanges: string[] = []
  const app = buildHubApp({
    log: new SilentLogger(),
    authenticate: (request) => {
      const name = request.headers['x-test-caller']
      return typeof name === 'string' && name in callers ? callers[name as AccessCallerName] : null
    },
    routes: accessRoutes({
      repositories,
      clock,
      log: new SilentLogger(),
      policyChanges: {
        modelChanged: (why) => {
          policyChanges.push(why)
          if (options.listenerThrows === true) throw new Error('listener down')
        },
      },
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
    inject: (who, injectOptions) =>
      app.inject({ ...injectOptions, headers: { ...(injectOptions.headers ?? {}), ...(who === null ? {} : { 'x-test-caller': who }) } }),
    auditActions: () => database.connection.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all() as string[],
    ownerInGrid,
  }
}

function ownerOfGrid(database: HubDatabase, community: SeededCommunity, gridIndex: number): string {
  const gridId = community.gridIds[gridIndex]!
  const owner = community.ownerIds.find((personId) => {
    const row = database.connection
      .prepare(`SELECT b.grid_id AS gridId FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id WHERE p.id = ?`)
      .get(personId) as { gridId: string } | undefined
    return row?.gridId === gridId
  })
  if (owner === undefined) throw new Error(`no owner in grid ${gridId}`)
  return owner
}

function callersOf(community: SeededCommunity, otherOwnerId: string): Record<AccessCallerName, Caller> {
  const base = { gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
  return {
    admin: { ...base, accountId: community.accounts.adminId, displayName: '管理员', role: 'admin' },
    gridManager1: { ...base, accountId: community.accounts.gridManagerIds[0]!, displayName: '网格员1', role: 'grid-manager', gridId: community.gridIds[0]! },
    gridManager2: { ...base, accountId: community.accounts.gridManagerIds[1]!, displayName: '网格员2', role: 'grid-manager', gridId: community.gridIds[1]! },
    gateStaff: { ...base, accountId: community.accounts.gateStaffId, displayName: '门岗', role: 'gate-staff', checkpointEdgeId: community.gateEdgeId },
    otherGateStaff: { ...base, accountId: 'acc-gate-other', displayName: '楼岗', role: 'gate-staff', checkpointEdgeId: community.buildingEdgeIds[0]! },
    landlord: { ...base, accountId: community.accounts.landlordAccountIds[0]!, displayName: '房东1', role: 'landlord', landlordId: community.landlordIds[0]! },
    resident: { ...base, accountId: community.accounts.residentAccountId, displayName: '业主', role: 'resident', personId: community.ownerIds[0]! },
    otherResident: { ...base, accountId: 'acc-other-resident', displayName: '另一业主', role: 'resident', personId: otherOwnerId },
  }
}
