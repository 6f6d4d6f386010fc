/**
 * The visitor-request routes with the access routes on a real SQLite file and the seeded
 * community (hub-community-seed.ts), for the visitor tests. Signed-in requests name a seeded
 * caller in `x-test-caller`; anonymous ones name none and may pick their client address.
 */
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { createAccessRepositories, type AccessRepositories } from '../../hub/src/adapters/http/access/access-route-deps.js'
import { buildHubApp } from '../../hub/src/adapters/http/build-hub-app.js'
import { accessRoutes } from '../../hub/src/adapters/http/routes/access-routes.js'
import { visitorRequestRoutes } from '../../hub/src/adapters/http/routes/visitor-request-routes.js'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'
import type { Caller } from '../../hub/src/domain/caller.js'
import type { VisitorRequestLimits } from '../../hub/src/services/visitors/visitor-request-intake.js'
import { seedCommunity, type SeededCommunity } from './hub-community-seed.js'
import { ManualClock } from './manual-clock.js'
import { SilentLogger } from './silent-logger.js'

export type VisitorCallerName = 'admin' | 'gridManager1' | 'gridManager2' | 'gateStaff' | 'landlord' | 'resident' | 'family' | 'otherResident'

export interface VisitorAppRig {
  readonly app: FastifyInstance
  readonly database: HubDatabase
  readonly repositories: AccessRepositories
  readonly community: SeededCommunity
  readonly clock: ManualClock
  readonly log: SilentLogger
  readonly callers: Readonly<Record<VisitorCallerName, Caller>>
  /** The household of the seeded resident account: its unit, room, and its owner's phone. */
  readonly home: { readonly householdId: string; readonly unitId: string; readonly room: string; readonly ownerPhone: string }
  readonly policyChanges: string[]
  inject(who: VisitorCallerName | null, options: InjectOptions): Promise<LightMyRequestResponse>
  auditActions(): string[]
}

export async function startVisitorApp(t: Test, options: { readonly limits?: VisitorRequestLimits } = {}): Promise<VisitorAppRig> {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  const community = seedCommunity(database.connection, { households: 16, grids: 2 })
  const clock = new ManualClock(community.nowMs)
  const log = new SilentLogger()
  const repositories = createAccessRepositories(database.connection)
  const connection = database.connection
  const ownerId = community.ownerIds[0]!
  const home = connection
    .prepare(`SELECT h.id AS householdId, h.unit_id AS unitId, h.room, p.phone AS ownerPhone FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = ?`)
    .get(ownerId) as VisitorAppRig['home']
  const familyId = community.peopleOfHousehold.get(home.householdId)![1]!
  const otherOwnerId = community.ownerIds.find((id) => gridOf(database, id) === community.gridIds[1])!
  const callers = callersOf(community, ownerId, familyId, otherOwnerId)
  const policyChanges: string[] = []
  const policyListener = { modelChanged: (why: string) => void policyChanges.push(why) }
  const app = buildHubApp({
    log,
    authenticate: (request) => {
      const name = request.headers['x-test-caller']
      return typeof name === 'string' && name in callers ? callers[name as VisitorCallerName] : null
    },
    routes: [
      ...accessRoutes({ repositories, clock, log, policyChanges: policyListener }),
      ...visitorRequestRoutes({ connection, access: repositories, clock, log, policyChanges: policyListener, ...(options.limits !== undefined && { limits: options.limits }) }),
    ],
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
    log,
    callers,
    home,
    policyChanges,
    inject: (who, injectOptions) => app.inject({ ...injectOptions, headers: { ...(injectOptions.headers ?? {}), ...(who === null ? {} : { 'x-test-caller': who }) } }),
    auditActions: () => connection.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all() as string[],
  }
}

function gridOf(database: HubDatabase, personId: string): string | undefined {
  return database.connection
    .prepare(`SELECT b.grid_id FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id WHERE p.id = ?`)
    .pluck()
    .get(personId) as string | undefined
}

function callersOf(community: SeededCommunity, ownerId: string, familyId: string, otherOwnerId: string): Record<VisitorCallerName, Caller> {
  const base = { gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
  return {
    admin: { ...base, accountId: community.accounts.adminId, displayName: '管理员', role: 'admin' },
    gridManager1: { ...base, accountId: community.accounts.gridManagerIds[0]!, displayName: '网格员1', role: 'grid-manager', gridId: community.gridIds[0]! },
    gridManager2: { ...base, accountId: community.accounts.gridManagerIds[1]!, displayName: '网格员2', role: 'grid-manager', gridId: community.gridIds[1]! },
    gateStaff: { ...base, accountId: community.accounts.gateStaffId, displayName: '门岗', role: 'gate-staff', checkpointEdgeId: community.gateEdgeId },
    landlord: { ...base, accountId: community.accounts.landlordAccountIds[0]!, displayName: '房东1', role: 'landlord', landlordId: community.landlordIds[0]! },
    resident: { ...base, accountId: community.accounts.residentAccountId, displayName: '业主', role: 'resident', personId: ownerId },
    family: { ...base, accountId: 'acc-family', displayName: '家人', role: 'resident', personId: familyId },
    otherResident: { ...base, accountId: 'acc-other-resident', displayName: '另一业主', role: 'resident', personId: otherOwnerId },
  }
}
