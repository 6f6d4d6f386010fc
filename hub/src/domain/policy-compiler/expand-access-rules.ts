import type { PolicyAccess } from '../../../../protocol/policy/policy-access.js'
import { accessRowId } from './access-row-id.js'
import type { EarliestInstant } from './earliest-instant.js'
import type { PolicyModelIndex } from './policy-model-index.js'
import type { ModelAccessRule, ModelDoor, ModelPerson } from './policy-model.js'

/** One edge's doors, grouped the ways rule targets name them. */
export interface EdgeDoors {
  readonly doors: readonly ModelDoor[]
  readonly doorIds: ReadonlySet<string>
  readonly gateDoorIds: readonly string[]
  readonly doorIdsOfBuilding: ReadonlyMap<string, readonly string[]>
}

export function edgeDoorsOf(doors: readonly ModelDoor[]): EdgeDoors {
  const doorIdsOfBuilding = new Map<string, string[]>()
  for (const door of doors) {
    if (door.buildingId === null) continue
    const list = doorIdsOfBuilding.get(door.buildingId)
    if (list === undefined) doorIdsOfBuilding.set(door.buildingId, [door.id])
    else list.push(door.id)
  }
  return {
    doors,
    doorIds: new Set(doors.map((door) => door.id)),
    gateDoorIds: doors.filter((door) => door.kind === 'gate').map((door) => door.id),
    doorIdsOfBuilding,
  }
}

/** An access row while it is built: only its id is written after creation. */
type Grant = { -readonly [K in keyof PolicyAccess]: PolicyAccess[K] }

/** Whether the rule applies at `nowMs` by its own validity window (from inclusive, until exclusive). */
export function isRuleInForce(rule: ModelAccessRule, nowMs: number): boolean {
  return (rule.validFromMs === null || rule.validFromMs <= nowMs) && (rule.validUntilMs === null || rule.validUntilMs > nowMs)
}

export interface ExpandedAccess {
  /** In policy order (policy-row-order.ts): by person, then door, schedule and exemption. */
  readonly rows: PolicyAccess[]
  /** Everyone the rows name, sorted. */
  readonly personIds: string[]
}

/**
 * Every access row the rules in force grant on this edge's doors, one per distinct (person, door,
 * schedule, exemption): two rules granting the same thing make one row. Rules that touch these
 * doors but start later, or end later, report those instants to `nextChange`: the policy must
 * be compiled again then (the edge cannot enforce a rule's window, its rows carry none).
 */
export function expandAccessRules(index: PolicyModelIndex, edge: EdgeDoors, nextChange: EarliestInstant): ExpandedAccess {
  const grantsOf = new Map<string, Grant[]>()
  for (const rule of index.accessRules) {
    const targetDoorIds = targetDoorsOf(index, rule, edge)
    if (targetDoorIds !== 'own-building' && targetDoorIds.length === 0) continue
    if (!isRuleInForce(rule, index.nowMs)) {
      if (rule.validFromMs !== null) nextChange.consider(rule.validFromMs)
      continue
    }
    if (rule.validUntilMs !== null) nextChange.consider(rule.validUntilMs)
    for (const person of peopleOf(index, rule, targetDoorIds === 'own-building', edge)) {
      const doorIds = targetDoorIds === 'own-building' ? ownBuildingDoors(index, person, edge) : targetDoorIds
      for (const doorId of doorIds) addGrant(grantsOf, person.id, doorId, rule)
    }
  }
  const personIds = [...grantsOf.keys()].sort()
  const rows: PolicyAccess[] = []
  for (const personId of personIds) {
    const grants = grantsOf.get(personId)!
    if (grants.length > 1) grants.sort(byDoorScheduleExemption)
    for (const grant of grants) {
      grant.id = accessRowId(personId, grant.doorId, grant.scheduleId, grant.isLockdownExempt)
      rows.push(grant)
    }
  }
  return { rows, personIds }
}

/** A person has a handful of grants on one edge: a list scan finds a duplicate faster than hashing a key. */
function addGrant(grantsOf: Map<string, Grant[]>, personId: string, doorId: string, rule: ModelAccessRule): void {
  const { scheduleId, isLockdownExempt } = rule
  const grants = grantsOf.get(personId)
  for (const grant of grants ?? []) {
    if (grant.doorId === doorId && grant.scheduleId === scheduleId && grant.isLockdownExempt === isLockdownExempt) return
  }
  // The row itself, its id filled in once the person's rows are sorted (one object per row).
  const row: Grant = { id: '', personId, doorId, scheduleId, isLockdownExempt }
  if (grants === undefined) grantsOf.set(personId, [row])
  else grants.push(row)
}

function byDoorScheduleExemption(a: Grant, b: Grant): number {
  if (a.doorId !== b.doorId) return a.doorId < b.doorId ? -1 : 1
  const x = a.scheduleId ?? ''
  const y = b.scheduleId ?? ''
  if (x !== y) return x < y ? -1 : 1
  return Number(a.isLockdownExempt) - Number(b.isLockdownExempt)
}

function targetDoorsOf(index: PolicyModelIndex, rule: ModelAccessRule, edge: EdgeDoors): readonly string[] | 'own-building' {
  switch (rule.targetKind) {
    case 'door':
      return rule.targetId !== null && edge.doorIds.has(rule.targetId) ? [rule.targetId] : []
    case 'door-group':
      return (index.doorsOfGroup.get(rule.targetId ?? '') ?? []).filter((doorId) => edge.doorIds.has(doorId))
    case 'gates':
      return edge.gateDoorIds
    case 'building':
      return edge.doorIdsOfBuilding.get(rule.targetId ?? '') ?? []
    case 'own-building':
      return edge.doorIdsOfBuilding.size === 0 ? [] : 'own-building'
  }
}

/**
 * The rule's subjects; for an own-building rule only those living in a building with a door here,
 * found from whichever side is smaller (a role rule names 100,000 people, a building edge has 500).
 */
function peopleOf(index: PolicyModelIndex, rule: ModelAccessRule, isOwnBuilding: boolean, edge: EdgeDoors): Iterable<ModelPerson> {
  const subjects = index.eligibleBy[rule.subjectKind].get(rule.subjectId) ?? []
  if (!isOwnBuilding) return subjects
  const residents = [...edge.doorIdsOfBuilding.keys()].map((buildingId) => index.eligibleBy.building.get(buildingId) ?? [])
  const residentCount = residents.reduce((sum, list) => sum + list.length, 0)
  if (subjects.length <= residentCount) return subjects
  const isSubject = subjectSetOf(subjects)
  return residents.flat().filter((person) => isSubject.has(person))
}

const subjectSets = new WeakMap<readonly ModelPerson[], ReadonlySet<ModelPerson>>()

/** Membership in a subject list, built once per list (lists belong to one model index). */
function subjectSetOf(subjects: readonly ModelPerson[]): ReadonlySet<ModelPerson> {
  let set = subjectSets.get(subjects)
  if (set === undefined) {
    set = new Set(subjects)
    subjectSets.set(subjects, set)
  }
  return set
}

function ownBuildingDoors(index: PolicyModelIndex, person: ModelPerson, edge: EdgeDoors): readonly string[] {
  const buildingId = index.buildingOfPerson.get(person.id)
  return buildingId === undefined ? [] : (edge.doorIdsOfBuilding.get(buildingId) ?? [])
}
