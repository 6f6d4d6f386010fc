import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { loadHubSigningKey } from '../../../hub/src/adapters/load-hub-signing-key.js'
import { openHubDatabase, type HubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import type { Logger } from '../../../hub/src/ports/logger.js'
import { edgeWiring, type CommunityPlan } from './community-plan.js'
import { issueEnrollmentTokens, seedAccessRules, seedEdges, seedOrders } from './seed-access.js'
import type { CastMember, CommunityCast, DemoSignIn } from './community-files.js'
import { seedAccounts } from './seed-accounts.js'
import { seedPeople } from './seed-people.js'
import { seedPlaces } from './seed-places.js'
import { SeedingApi } from './seeding-api.js'

export interface SeededCommunity {
  readonly cast: CommunityCast
  readonly signIns: readonly DemoSignIn[]
}

const GATE_GUARD = '周师傅'
const VOLUNTEER = '陈志愿者'

/** Opens the hub's database file (creating it), runs `work` with the seeding API, and closes both. */
async function withSeedingApi<T>(hubDbPath: string, plan: CommunityPlan, log: Logger, work: (api: SeedingApi, database: HubDatabase) => Promise<T>): Promise<T> {
  mkdirSync(dirname(hubDbPath), { recursive: true, mode: 0o700 })
  // The key the hub would create at its first start, where it looks for it (beside hub.db).
  const { publicKeyBase64 } = loadHubSigningKey(join(dirname(hubDbPath), 'hub-signing-key.pem'))
  const hub = { httpUrl: `http://${plan.host}:${plan.hubHttpPort}`, mqttUrl: `mqtt://${plan.host}:${plan.hubMqttPort}`, publicKeyBase64 }
  const database = openHubDatabase({ path: hubDbPath })
  // The seed is thousands of small changes, written once: one fsync per commit would take minutes
  // on an SD card. Durability returns with the hub's own connection (synchronous=FULL).
  database.connection.pragma('synchronous = NORMAL')
  const api = new SeedingApi(database, log, hub)
  try {
    await api.start()
    return await work(api, database)
  } finally {
    await api.stop()
    database.close()
  }
}

/**
 * Seeds the demo community into a fresh hub database, before the hub process starts: places,
 * people with cards and passes, landlords and tenants, the edges and doors, access rules, a
 * household under home observation, the sealed building 3, and staff and resident accounts.
 */
export function seedCommunity(hubDbPath: string, plan: CommunityPlan, households: number, log: Logger): Promise<SeededCommunity> {
  return withSeedingApi(hubDbPath, plan, log, async (api, database) => {
    const nowMs = Date.now()
    const places = await seedPlaces(api, households)
    const people = await seedPeople(api, places, [GATE_GUARD, VOLUNTEER])
    const staff = (name: string) => people.members.find((member) => member.role === 'staff' && member.name === name)!
    await seedEdges(api, plan, places)
    await seedAccessRules(api, places, staff(VOLUNTEER))
    const owners = people.members.filter((member) => member.role === 'resident' && member.building === 1)
    const familyOf = (member: CastMember) => people.members.filter((other) => other.householdId === member.householdId)
    const returnee = owners.find((owner) => familyOf(owner).length >= 2) ?? owners[0]!
    const phoneResident = owners.find((owner) => owner.householdId !== returnee.householdId)!
    await seedOrders(api, places, returnee, nowMs)
    const signIns = await seedAccounts(database, [
      { username: 'grid1.li', displayName: '李网格长', role: 'grid-manager', gridId: places.gridIds[0], scope: 'grid 第一网格 (building 1)' },
      { username: 'grid2.zhao', displayName: '赵网格长', role: 'grid-manager', gridId: places.gridIds[1], scope: 'grid 第二网格 (buildings 2 and 3)' },
      { username: 'gate.zhou', displayName: GATE_GUARD, role: 'gate-staff', checkpointEdgeId: 'gate', scope: 'checkpoint: the south gate' },
      { username: 'landlord.wu', displayName: '吴房东', role: 'landlord', landlordId: people.landlordIds[0]!, scope: 'their own tenants' },
      { username: 'resident.demo', displayName: phoneResident.name, role: 'resident', personId: phoneResident.personId, scope: 'their own household (building 1)' },
    ])
    const cast: CommunityCast = {
      version: 1,
      seededAtMs: nowMs,
      households,
      entryPasses: people.entryPasses,
      buildingIds: places.buildingIds,
      members: [...people.members],
      roles: { phoneResident: phoneResident.personId, returnee: returnee.personId, gateGuard: staff(GATE_GUARD).personId, volunteer: staff(VOLUNTEER).personId },
    }
    return { cast, signIns }
  })
}

/** A fresh one-time enrollment token, with its wiring, for each of these edges (hub not running yet). */
export function issueTokensFor(hubDbPath: string, plan: CommunityPlan, edgeIds: readonly string[], log: Logger): Promise<Map<string, string>> {
  const edges = plan.edges.filter((edge) => edgeIds.includes(edge.id)).map((edge) => ({ id: edge.id, wiring: edgeWiring(plan, edge) }))
  return withSeedingApi(hubDbPath, plan, log, (api) => issueEnrollmentTokens(api, edges))
}
