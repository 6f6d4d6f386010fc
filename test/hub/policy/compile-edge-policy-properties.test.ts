import t from 'tap'
import { compilePolicy } from '../../../hub/src/domain/policy-compiler/compile-edge-policy.js'
import type { ModelAccessRule, ModelDoor, ModelPerson, PolicyModel } from '../../../hub/src/domain/policy-compiler/policy-model.js'
import { policyRowOrder } from '../../../hub/src/domain/policy-compiler/policy-row-order.js'
import { POLICY_ENTITY_NAMES } from '../../../protocol/policy/policy-entities.js'
import { canonicalJsonOfData } from '../../../protocol/policy/canonical-json-of-data.js'
import { validatePolicySnapshot } from '../../../protocol/policy/validate-policy-snapshot.js'
import { MONDAY_10AM_MS, randomPolicyModel, shuffledModel } from '../../fakes/hub-policy-model.js'

const MODELS = 300

/** The access rules read naively, straight from m003's comment: does `rule` let `person` through `door`? */
function ruleGrants(model: PolicyModel, rule: ModelAccessRule, person: ModelPerson, door: ModelDoor): boolean {
  if (person.status !== 'active' || person.role === 'visitor') return false
  if (rule.validFromMs !== null && rule.validFromMs > MONDAY_10AM_MS) return false
  if (rule.validUntilMs !== null && rule.validUntilMs <= MONDAY_10AM_MS) return false
  const household = model.households.find((h) => h.id === person.householdId)
  const unit = model.units.find((u) => u.id === household?.unitId)
  const building = model.buildings.find((b) => b.id === unit?.buildingId)
  const gridId = household?.gridId ?? building?.gridId ?? null
  const isSubject = {
    person: person.id === rule.subjectId,
    household: household !== undefined && household.id === rule.subjectId,
    unit: unit !== undefined && unit.id === rule.subjectId,
    building: building !== undefined && building.id === rule.subjectId,
    grid: gridId !== null && gridId === rule.subjectId,
    role: person.role === rule.subjectId,
  }[rule.subjectKind]
  const isTarget = {
    door: door.id === rule.targetId,
    'door-group': model.doorGroupMembers.some((m) => m.groupId === rule.targetId && m.doorId === door.id),
    gates: door.kind === 'gate',
    building: door.buildingId !== null && door.buildingId === rule.targetId,
    'own-building': door.buildingId !== null && building !== undefined && door.buildingId === building.id,
  }[rule.targetKind]
  return isSubject && isTarget
}

t.test('on random models, every access row traces back to a rule and every grant is compiled', async (t) => {
  let rowsChecked = 0
  for (let seed = 1; seed <= MODELS; seed++) {
    const model = randomPolicyModel(seed)
    for (const edgeId of model.edgeIds) {
      const result = compilePolicy(model, edgeId, MONDAY_10AM_MS)
      if (!result.ok) throw new Error(`seed ${seed}: ${result.code}`)
      const doors = model.doors.filter((door) => door.edgeId === edgeId)
      const expected = new Set<string>()
      for (const rule of model.accessRules) {
        for (const person of model.persons) {
          for (const door of doors) {
            if (ruleGrants(model, rule, person, door)) expected.add(`${person.id}|${door.id}|${rule.scheduleId}|${rule.isLockdownExempt}`)
          }
        }
      }
      const actual = result.entities.access.map((row) => `${row.personId}|${row.doorId}|${row.scheduleId}|${row.isLockdownExempt}`)
      rowsChecked += actual.length
      if (new Set(actual).size !== actual.length) t.fail(`seed ${seed} ${edgeId}: one grant compiled twice`)
      const missing = [...expected].filter((grant) => !actual.includes(grant))
      const extra = actual.filter((grant) => !expected.has(grant))
      if (missing.length > 0 || extra.length > 0) t.fail(`seed ${seed} ${edgeId}`, { missing, extra })
    }
  }
  t.ok(rowsChecked > 1000, `checked ${rowsChecked} access rows`)
})

t.test('on random models, nothing that concerns only other edges’ doors leaks into a policy', async (t) => {
  for (let seed = 1; seed <= MODELS; seed++) {
    const model = randomPolicyModel(seed)
    for (const edgeId of model.edgeIds) {
      const result = compilePolicy(model, edgeId, MONDAY_10AM_MS)
      if (!result.ok) throw new Error(`seed ${seed}: ${result.code}`)
      const { entities } = result
      const doors = model.doors.filter((door) => door.edgeId === edgeId)
      const doorIds = new Set(doors.map((door) => door.id))
      const hasGate = doors.some((door) => door.kind === 'gate')
      const buildingsHere = new Set(doors.flatMap((door) => (door.buildingId === null ? [] : [door.buildingId])))
      const personIds = new Set(entities.person.map((person) => person.id))
      const problems: string[] = []
      if (entities.door.some((door) => !doorIds.has(door.id)) || entities.door.length !== doorIds.size) problems.push('doors')
      if (entities.access.some((row) => !doorIds.has(row.doorId))) problems.push('access on another door')
      for (const person of entities.person) {
        const isNamed = entities.access.some((row) => row.personId === person.id)
        const isVisitorHere = entities.credential.some(
          (credential) => credential.personId === person.id && credential.kind === 'visitor' && (hasGate || buildingsHere.has(credential.hostBuildingId!)),
        )
        if (!isNamed && !isVisitorHere) problems.push(`person ${person.id} with no reason to be here`)
      }
      if (entities.credential.some((credential) => !personIds.has(credential.personId))) problems.push('credential of someone absent')
      if (entities.lockdown.some((lockdown) => !buildingsHere.has(lockdown.buildingId))) problems.push('lockdown of another building')
      const householdIds = new Set(entities.person.map((person) => person.householdId))
      const buildingIds = new Set(entities.person.map((person) => person.buildingId))
      for (const order of entities.observation) {
        const isRelevant = { person: personIds, household: householdIds, building: buildingIds }[order.subjectKind].has(order.subjectId)
        if (!isRelevant) problems.push(`observation ${order.id} of nobody here`)
      }
      const valid = validatePolicySnapshot({ v: 1, edgeId, version: 1, issuedAt: '2026-03-02T02:00:00.000Z', entities, signature: `${'A'.repeat(86)}==` })
      if (!valid.ok) problems.push(`invalid: ${JSON.stringify(valid.violations.slice(0, 2))}`)
      if (problems.length > 0) t.fail(`seed ${seed} ${edgeId}`, { problems })
    }
  }
  t.pass(`${MODELS} models checked`)
})

t.test('the same model in any order compiles to the same bytes, every entity in policy order', async (t) => {
  for (let seed = 1; seed <= 100; seed++) {
    const model = randomPolicyModel(seed)
    for (const edgeId of model.edgeIds) {
      const first = compilePolicy(model, edgeId, MONDAY_10AM_MS)
      const second = compilePolicy(shuffledModel(model, seed * 7), edgeId, MONDAY_10AM_MS)
      if (!first.ok || !second.ok) throw new Error('compile failed')
      if (canonicalJsonOfData(first.entities) !== canonicalJsonOfData(second.entities) || first.nextChangeAtMs !== second.nextChangeAtMs) {
        t.fail(`seed ${seed} ${edgeId}: order changed the result`)
      }
      for (const entity of POLICY_ENTITY_NAMES) {
        const rows = first.entities[entity] as readonly ({ id: string } & Record<string, unknown>)[]
        const order = policyRowOrder(entity)
        if (rows.some((row, at) => at > 0 && order(rows[at - 1]!, row) >= 0)) t.fail(`seed ${seed} ${edgeId}: ${entity} not in policy order`)
      }
    }
  }
  t.pass('100 models, shuffled')
})
