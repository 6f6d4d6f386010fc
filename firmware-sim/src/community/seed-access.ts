import type { CommunityPlan } from './community-plan.js'
import type { CastMember } from './community-files.js'
import type { SeededPlaces } from './seed-places.js'
import type { SeedingApi } from './seeding-api.js'

const DAY_MS = 24 * 60 * 60_000
const CHINA_OFFSET_MS = 8 * 60 * 60_000
/** Anti-passback at the gate forgets a direction after this long, so the demo's residents can come and go again. */
const ANTI_PASSBACK_RESET_MS = 30 * 60_000

/** The story roles the seed sets up, by person id. */
export interface SeededOrders {
  readonly observedHouseholdId: string
  readonly returneeId: string
  readonly lockdownId: string
}

/** The edges and their doors as the admin creates them (POST /api/edges, POST /api/edges/:id/doors). */
export async function seedEdges(api: SeedingApi, plan: CommunityPlan, places: SeededPlaces): Promise<void> {
  for (const edge of plan.edges) {
    await api.call('POST', '/api/edges', { id: edge.id, name: edge.name })
    for (const door of edge.doors) {
      await api.call('POST', `/api/edges/${edge.id}/doors`, {
        id: door.id,
        name: door.name,
        kind: door.building === null ? 'gate' : 'building',
        buildingId: door.building === null ? null : places.buildingIds[door.building],
        lane: door.lane,
        failMode: door.failMode,
        antiPassback: door.antiPassback,
        ...(door.antiPassback !== 'off' && { antiPassbackResetMs: ANTI_PASSBACK_RESET_MS }),
        isTemperatureRequired: door.isTemperatureRequired,
      })
    }
  }
}

/**
 * Who may pass where: residents and tenants the gates and their own building, staff the gates,
 * and the food-delivery volunteer the sealed building 3 even while it is sealed.
 */
export async function seedAccessRules(api: SeedingApi, places: SeededPlaces, volunteer: CastMember): Promise<void> {
  for (const role of ['resident', 'tenant']) {
    await api.call('POST', '/api/access-rules', { subjectKind: 'role', subjectId: role, targetKind: 'gates' })
    await api.call('POST', '/api/access-rules', { subjectKind: 'role', subjectId: role, targetKind: 'own-building' })
  }
  await api.call('POST', '/api/access-rules', { subjectKind: 'role', subjectId: 'staff', targetKind: 'gates' })
  await api.call('POST', '/api/access-rules', { subjectKind: 'person', subjectId: volunteer.personId, targetKind: 'building', targetId: places.buildingIds[3], isLockdownExempt: true })
}

/**
 * Story 3: a returnee registered at the returnee lane with the four questions, their household
 * under 14 days of home observation; building 3 sealed for 14 days.
 */
export async function seedOrders(api: SeedingApi, places: SeededPlaces, returnee: CastMember, nowMs: number): Promise<SeededOrders> {
  const arrivedOn = new Date(nowMs + CHINA_OFFSET_MS - DAY_MS).toISOString().slice(0, 10)
  const registered = await api.call<{ id: string }>('POST', '/api/returnees', {
    personId: returnee.personId,
    cameFrom: '湖北省武汉市',
    arrivedOn,
    transport: { mode: 'train', detail: 'G1722' },
    health: { hasFever: false, hasRespiratorySymptoms: false, hasContactWithCases: false, hasVisitedRiskArea: true },
  })
  await api.call('POST', '/api/observation-orders', {
    subjectKind: 'household',
    subjectId: returnee.householdId,
    days: 14,
    reason: '返乡人员家庭，居家观察14天',
  })
  const lockdown = await api.call<{ id: string }>('POST', '/api/lockdowns', { buildingId: places.buildingIds[3], days: 14, reason: '密切接触者所在楼栋，封闭管理14天' })
  return { observedHouseholdId: returnee.householdId!, returneeId: registered.id, lockdownId: lockdown.id }
}

/** One-time enrollment tokens, each with the edge's device wiring (POST /api/edges/:edgeId/enrollment). */
export async function issueEnrollmentTokens(api: SeedingApi, edges: readonly { readonly id: string; readonly wiring: Record<string, unknown> }[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>()
  for (const edge of edges) {
    const issued = await api.call<{ token: string; missingWiring: string[] }>('POST', `/api/edges/${edge.id}/enrollment`, { validForHours: 1, hardware: edge.wiring })
    if (issued.missingWiring.length > 0) throw new Error(`edge ${edge.id} is not fully wired: ${issued.missingWiring.join('; ')}`)
    tokens.set(edge.id, issued.token)
  }
  return tokens
}
