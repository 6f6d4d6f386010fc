/**
 * Policy-compiler models for tests: row factories with defaults, a small community (two
 * buildings, a gate edge and one edge per building door), and a random model generator for the
 * property tests. Times are China Standard Time; MONDAY_10AM_MS is 2026-03-02 10:00 local.
 */
import type {
  ModelAccessRule,
  ModelCredential,
  ModelDoor,
  ModelPerson,
  ModelSite,
  PolicyModel,
} from '../../hub/src/domain/policy-compiler/policy-model.js'
import { MONDAY_10AM_MS, makeSite } from './policy-rows.js'

export { MONDAY_10AM_MS }

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] }
export type MutablePolicyModel = Mutable<PolicyModel>

export function modelSite(overrides: Partial<ModelSite> = {}): ModelSite {
  return makeSite({ remeasureWaitMs: 3000, ...overrides })
}

export function modelDoor(id: string, edgeId: string, overrides: Partial<ModelDoor> = {}): ModelDoor {
  return {
    id,
    edgeId,
    name: id,
    kind: 'gate',
    buildingId: null,
    antiPassback: 'off',
    antiPassbackGroupId: id,
    antiPassbackResetMs: null,
    isTemperatureRequired: false,
    temperatureEnforcement: 'hard',
    maxPolicyAgeMs: null,
    ...overrides,
  }
}

export function modelPerson(id: string, overrides: Partial<ModelPerson> = {}): ModelPerson {
  return { id, displayName: `name of ${id}`, role: 'resident', status: 'active', householdId: null, photoId: null, ...overrides }
}

export function modelCard(id: string, personId: string, card: number, overrides: Partial<ModelCredential> = {}): ModelCredential {
  return {
    id,
    personId,
    kind: 'card',
    lookupKey: `card:h10301:1:${card}`,
    status: 'active',
    validFromMs: null,
    validUntilMs: null,
    boundPhoneKeyId: null,
    hostPersonId: null,
    hostBuildingId: null,
    issuedAtMs: MONDAY_10AM_MS - 86_400_000,
    revokedAtMs: null,
    ...overrides,
  }
}

export function modelRule(id: string, overrides: Partial<ModelAccessRule> = {}): ModelAccessRule {
  return {
    id,
    subjectKind: 'role',
    subjectId: 'resident',
    targetKind: 'gates',
    targetId: null,
    scheduleId: null,
    isLockdownExempt: false,
    validFromMs: null,
    validUntilMs: null,
    ...overrides,
  }
}

/**
 * 向阳小区 in miniature: buildings bld-1 and bld-2 (one unit, two households each: hh-1, hh-2 in
 * bld-1; hh-3, hh-4 in bld-2), two residents per household (per-1 … per-8) with a card each, a
 * staff member per-staff; edges edge-gate (gate door door-gate), edge-bld-1 (door-bld-1) and
 * edge-bld-2 (door-bld-2). Rules: residents → gates and own building; staff → every door
 * (door group grp-all) on the "staff hours" schedule, lockdown exempt.
 */
export function smallCommunityModel(): MutablePolicyModel {
  const persons: ModelPerson[] = []
  const credentials: ModelCredential[] = []
  for (let index = 1; index <= 8; index++) {
    const householdId = `hh-${Math.ceil(index / 2)}`
    persons.push(modelPerson(`per-${index}`, { householdId }))
    credentials.push(modelCard(`card-${index}`, `per-${index}`, index))
  }
  persons.push(modelPerson('per-staff', { role: 'staff' }))
  credentials.push(modelCard('card-staff', 'per-staff', 100))
  return {
    site: modelSite(),
    edgeIds: ['edge-gate', 'edge-bld-1', 'edge-bld-2'],
    doors: [
      modelDoor('door-gate', 'edge-gate'),
      modelDoor('door-bld-1', 'edge-bld-1', { kind: 'building', buildingId: 'bld-1' }),
      modelDoor('door-bld-2', 'edge-bld-2', { kind: 'building', buildingId: 'bld-2' }),
    ],
    doorGroupMembers: ['door-gate', 'door-bld-1', 'door-bld-2'].map((doorId) => ({ groupId: 'grp-all', doorId })),
    schedules: [{ id: 'sch-staff', name: 'Staff hours', windows: ['mon-fri 07:00-19:00'], holidayWindows: [] }],
    holidays: ['2026-04-05', '2026-05-01'],
    accessRules: [
      modelRule('rule-resident-gates'),
      modelRule('rule-resident-home', { targetKind: 'own-building' }),
      modelRule('rule-staff', { subjectId: 'staff', targetKind: 'door-group', targetId: 'grp-all', scheduleId: 'sch-staff', isLockdownExempt: true }),
    ],
    persons,
    households: [1, 2, 3, 4].map((h) => ({ id: `hh-${h}`, unitId: `unit-${h <= 2 ? 1 : 2}`, gridId: 'grid-1' })),
    units: [
      { id: 'unit-1', buildingId: 'bld-1' },
      { id: 'unit-2', buildingId: 'bld-2' },
    ],
    buildings: [
      { id: 'bld-1', gridId: 'grid-1' },
      { id: 'bld-2', gridId: 'grid-1' },
    ],
    credentials,
    phoneKeys: [],
    observations: [],
    medicalExceptions: [],
    lockdowns: [],
  }
}

/** A small seeded PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * A random community: 1–4 buildings, households, persons of every role and status, doors spread
 * over 1–4 edges, door groups, and rules of every subject and target kind, some dated, some for
 * subjects that do not exist. The same seed gives the same model.
 */
export function randomPolicyModel(seed: number, nowMs = MONDAY_10AM_MS): MutablePolicyModel {
  const random = mulberry32(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const count = (max: number) => 1 + Math.floor(random() * max)
  const buildings = Array.from({ length: count(4) }, (_, b) => ({ id: `bld-${b}`, gridId: random() < 0.8 ? `grid-${b % 2}` : null }))
  const units = buildings.flatMap((building, b) => Array.from({ length: count(2) }, (_, u) => ({ id: `unit-${b}-${u}`, buildingId: building.id })))
  const households = Array.from({ length: count(8) }, (_, h) => ({ id: `hh-${h}`, unitId: pick(units).id, gridId: random() < 0.5 ? null : `grid-${h % 3}` }))
  const edgeIds = Array.from({ length: count(4) }, (_, e) => `edge-${e}`)
  const doors = Array.from({ length: count(8) }, (_, d) => {
    const isGate = random() < 0.4
    return modelDoor(`door-${d}`, pick(edgeIds), isGate ? {} : { kind: 'building', buildingId: pick(buildings).id })
  })
  const groups = ['grp-0', 'grp-1']
  const doorGroupMembers = doors.filter(() => random() < 0.4).map((door) => ({ groupId: pick(groups), doorId: door.id }))
  const persons = Array.from({ length: count(20) }, (_, p) =>
    modelPerson(`per-${p}`, {
      role: pick(['resident', 'resident', 'tenant', 'staff', 'visitor'] as const),
      status: pick(['active', 'active', 'active', 'pending', 'moved-out'] as const),
      householdId: random() < 0.85 ? pick(households).id : null,
    }),
  )
  const subjectIdOf = (kind: ModelAccessRule['subjectKind']): string => {
    const pools: Record<ModelAccessRule['subjectKind'], readonly string[]> = {
      person: [...persons.map((person) => person.id), 'per-missing'],
      household: households.map((household) => household.id),
      unit: units.map((unit) => unit.id),
      building: buildings.map((building) => building.id),
      grid: ['grid-0', 'grid-1', 'grid-2'],
      role: ['resident', 'tenant', 'staff'],
    }
    return pick(pools[kind])
  }
  const accessRules = Array.from({ length: count(10) }, (_, r) => {
    const subjectKind = pick(['person', 'household', 'unit', 'building', 'grid', 'role'] as const)
    const targetKind = pick(['door', 'door-group', 'gates', 'building', 'own-building'] as const)
    const targetId =
      targetKind === 'door' ? pick(doors).id : targetKind === 'door-group' ? pick(groups) : targetKind === 'building' ? pick(buildings).id : null
    const dated = random()
    return modelRule(`rule-${r}`, {
      subjectKind,
      subjectId: subjectIdOf(subjectKind),
      targetKind,
      targetId,
      scheduleId: random() < 0.3 ? 'sch-0' : null,
      isLockdownExempt: random() < 0.2,
      validFromMs: dated < 0.15 ? nowMs + 3_600_000 : dated < 0.3 ? nowMs - 3_600_000 : null,
      validUntilMs: dated > 0.85 ? nowMs - 60_000 : dated > 0.7 ? nowMs + 86_400_000 : null,
    })
  })
  const credentials = persons.map((person, p) =>
    person.role === 'visitor'
      ? modelCard(`cred-${p}`, person.id, p, {
          kind: 'visitor',
          lookupKey: `visitor:visitor${String(p).padStart(4, '0')}`,
          hostPersonId: 'per-0',
          hostBuildingId: pick(buildings).id,
          validUntilMs: nowMs + 3_600_000,
        })
      : modelCard(`cred-${p}`, person.id, p, random() < 0.2 ? { status: 'revoked', revokedAtMs: nowMs - 86_400_000 } : {}),
  )
  return {
    site: modelSite(),
    edgeIds,
    doors,
    doorGroupMembers,
    schedules: [{ id: 'sch-0', name: 'Day', windows: ['daily 07:00-22:00'], holidayWindows: [] }],
    holidays: ['2026-04-05'],
    accessRules,
    persons,
    households,
    units,
    buildings,
    credentials,
    phoneKeys: [],
    observations: households
      .filter(() => random() < 0.3)
      .map((household, o) => ({ id: `obs-${o}`, subjectKind: 'household' as const, subjectId: household.id, startsAtMs: nowMs - 86_400_000, endsAtMs: nowMs + 13 * 86_400_000 })),
    medicalExceptions: [],
    lockdowns: buildings
      .filter(() => random() < 0.3)
      .map((building, l) => ({ id: `lock-${l}`, buildingId: building.id, startsAtMs: nowMs - 3_600_000, endsAtMs: nowMs + 86_400_000 })),
  }
}

/** The same model with every list in another order. */
export function shuffledModel(model: PolicyModel, seed: number): PolicyModel {
  const random = mulberry32(seed)
  const shuffled = <T>(items: readonly T[]): T[] => {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
    }
    return copy
  }
  return Object.fromEntries(Object.entries(model).map(([name, value]) => [name, Array.isArray(value) ? shuffled(value) : value])) as unknown as PolicyModel
}
