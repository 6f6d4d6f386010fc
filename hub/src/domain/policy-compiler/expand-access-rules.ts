import type { PolicyAccess } from '../../../../protocol/policy/policy-access.js'
import { accessRowIdOf, accessRowKey } from './access-row-id.js'
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

type Grant = Omit<PolicyAccess, 'id'>

/** Whether the rule applies at `nowMs` by its own validity window (from inclusive, until exclusive). */
export function isRuleInForce(rule: ModelAccessRule, nowMs: number): boolean {
  return (rule.validFromMs === null || rule.validFromMs <= nowMs) && (rule.validUntilMs === null || rule.validUntilMs > nowMs)
}

/**
 * Every access row the rules in force grant on this edge's doors, one per distinct (person, door,
 * schedule, exemption): two rules granting the same thing make one row. Rules that touch these
 * doors but start later, or end later, report those instants to `nextChange`: the policy must
 * be compiled again then (the edge cannot enforce a rule's window, its rows carry none).
 */
export function expandAccessRules(index: PolicyModelIndex, edge: EdgeDoors, nextChange: EarliestInstant): PolicyAccess[] {
  const rows = new Map<string, Grant>()
  for (const rule of index.accessRules) {
    const targetDoorIds = targetDoorsOf(index, rule, edge)
    if (targetDoorIds !== 'own-building' && targetDoorIds.length === 0) continue
    if (!isRuleInForce(rule, index.nowMs)) {
      if (rule.validFromMs !== null) nextChange.consider(rule.validFromMs)
      continue
    }
    if (rule.validUntilMs !== null) nextChange.consider(rule.validUntilMs)
    for (const person of subjectsOf(index, rule)) {
      const doorIds = targetDoorIds === 'own-building' ? ownBuildingDoors(index, person, edge) : targetDoorIds
      for (const doorId of doorIds) {
        const key = accessRowKey(person.id, doorId, rule.scheduleId, rule.isLockdownExempt)
        if (rows.has(key)) continue
        rows.set(key, { personId: person.id, doorId, scheduleId: rule.scheduleId, isLockdownExempt: rule.isLockdownExempt })
      }
    }
  }
  return withIds(rows)
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

function subjectsOf(index: PolicyModelIndex, rule: ModelAccessRule): readonly ModelPerson[] {
  return index.eligibleBy[rule.subjectKind].get(rule.subjectId) ?? []
}

function ownBuildingDoors(index: PolicyModelIndex, person: ModelPerson, edge: EdgeDoors): readonly string[] {
  const buildingId = index.buildingOfPerson.get(person.id)
  return buildingId === undefined ? [] : (edge.doorIdsOfBuilding.get(buildingId) ?? [])
}

/**
 * Gives each row its id from its key. Two keys whose hashes collide get `-1`, `-2` ... in the
 * order of their keys, so the result does not depend on the order the rules were read in.
 */
function withIds(rows: ReadonlyMap<string, Grant>): PolicyAccess[] {
  const keysOfId = new Map<string, string[]>()
  for (const key of rows.keys()) {
    const id = accessRowIdOf(key)
    const keys = keysOfId.get(id)
    if (keys === undefined) keysOfId.set(id, [key])
    else keys.push(key)
  }
  const result: PolicyAccess[] = []
  for (const [id, keys] of keysOfId) {
    if (keys.length > 1) keys.sort()
    keys.forEach((key, collision) => {
      const grant = rows.get(key)!
      result.push({
        id: collision === 0 ? id : `${id}-${collision}`,
        personId: grant.personId,
        doorId: grant.doorId,
        scheduleId: grant.scheduleId,
        isLockdownExempt: grant.isLockdownExempt,
      })
    })
  }
  return result
}
