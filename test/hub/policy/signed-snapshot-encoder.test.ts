import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { compilePolicy } from '../../../hub/src/domain/policy-compiler/compile-edge-policy.js'
import { comparePolicyEntities } from '../../../hub/src/domain/policy-distribution/compare-policy-entities.js'
import { policyRowOrder } from '../../../hub/src/domain/policy-compiler/policy-row-order.js'
import { SignedSnapshotEncoder } from '../../../hub/src/domain/policy-distribution/signed-snapshot-encoder.js'
import type { PolicyModel } from '../../../hub/src/domain/policy-compiler/policy-model.js'
import { decodePolicySnapshot, encodePolicySnapshot, policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import { policyEntitiesSha256, signPolicySnapshot, verifyPolicySnapshotSignature } from '../../../protocol/policy/policy-snapshot-signature.js'
import type { PolicyEntities } from '../../../protocol/policy/policy-snapshot.js'
import { POLICY_ENTITY_NAMES } from '../../../protocol/policy/policy-entities.js'
import { MONDAY_10AM_MS, modelCard, randomPolicyModel, smallCommunityModel } from '../../fakes/hub-policy-model.js'

const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const HEADER = { edgeId: 'edge-gate', version: 7, issuedAt: '2026-03-02T02:00:00.000Z' }

function entitiesOf(model: PolicyModel, edgeId = 'edge-gate'): PolicyEntities {
  const result = compilePolicy(model, edgeId, MONDAY_10AM_MS)
  if (!result.ok) throw new Error(result.code)
  return result.entities
}

t.test('gives exactly the bytes of encodePolicySnapshot(signPolicySnapshot(…))', async (t) => {
  const encoder = new SignedSnapshotEncoder()
  for (let seed = 1; seed <= 40; seed++) {
    const model = randomPolicyModel(seed)
    for (const edgeId of model.edgeIds) {
      const entities = entitiesOf(model, edgeId)
      const header = { ...HEADER, edgeId }
      const encoded = encoder.encode(header, entities, privateKey)
      const reference = encodePolicySnapshot(signPolicySnapshot(privateKey, { v: 1, ...header, entities }))
      if (!encoded.body.equals(reference)) t.fail(`seed ${seed} ${edgeId}: bytes differ`)
      if (encoded.sha256 !== policySnapshotSha256(reference)) t.fail(`seed ${seed} ${edgeId}: sha256 differs`)
      if (encoded.entitiesSha256 !== policyEntitiesSha256(entities)) t.fail(`seed ${seed} ${edgeId}: entities sha256 differs`)
    }
  }
  t.pass('40 random models')
})

t.test('the snapshot decodes, validates and carries the hub’s signature', async (t) => {
  const encoded = new SignedSnapshotEncoder().encode(HEADER, entitiesOf(smallCommunityModel()), privateKey)
  const decoded = decodePolicySnapshot(encoded.body)
  t.ok(decoded.ok)
  if (!decoded.ok) return
  t.ok(verifyPolicySnapshotSignature(publicKey, decoded.snapshot))
  t.equal(decoded.snapshot.signature, encoded.signature)
  const otherKey = generateKeyPairSync('ed25519').publicKey
  t.notOk(verifyPolicySnapshotSignature(otherKey, decoded.snapshot), 'another key does not verify it')
})

t.test('encoding again from remembered rows gives the same bytes, and a changed row shows', async (t) => {
  const encoder = new SignedSnapshotEncoder()
  const model = smallCommunityModel()
  const first = entitiesOf(model)
  t.ok(encoder.encode(HEADER, first, privateKey).body.equals(encoder.encode(HEADER, first, privateKey).body))
  model.credentials[0] = modelCard('card-1', 'per-1', 1, { status: 'revoked', revokedAtMs: MONDAY_10AM_MS - 1 })
  const second = comparePolicyEntities(first, entitiesOf(model), 256).entities
  const body = encoder.encode(HEADER, second, privateKey).body
  t.ok(body.equals(encodePolicySnapshot(signPolicySnapshot(privateKey, { v: 1, ...HEADER, entities: second }))))
})

t.test('comparing finds exactly the rows put and deleted, deletes first, and shares unchanged rows', async (t) => {
  const model = smallCommunityModel()
  const before = entitiesOf(model)
  model.credentials[0] = modelCard('card-1', 'per-1', 1, { status: 'revoked', revokedAtMs: MONDAY_10AM_MS - 1 })
  model.persons.splice(7, 1)
  model.credentials.splice(7, 1)
  const after = entitiesOf(model)
  const comparison = comparePolicyEntities(before, after, 256)
  t.notOk(comparison.isSame)
  const summary = comparison.changes!.map((change) => `${change.op} ${change.entity} ${change.key}`)
  t.equal(summary.filter((line) => line.startsWith('put')).length, 1)
  t.same(summary.slice(-1), ['put credential card-1'])
  t.ok(summary.includes('delete person per-8') && summary.includes('delete credential card-8'))
  t.ok(summary.every((line, index) => !line.startsWith('delete') || summary.slice(0, index).every((earlier) => earlier.startsWith('delete'))))
  t.equal(comparison.entities.person[0], before.person[0], 'an unchanged row is the previous object')
  t.same(comparison.newRows.map((entry) => entry.entity), ['credential'])
  const same = comparePolicyEntities(comparison.entities, entitiesOf(model), 256)
  t.ok(same.isSame)
  t.same(same.changes, [])
})

t.test('applying the changes to the previous entities gives the next ones', async (t) => {
  for (let seed = 1; seed <= 60; seed++) {
    const before = entitiesOf(randomPolicyModel(seed), 'edge-0')
    const after = entitiesOf(randomPolicyModel(seed + 1000), 'edge-0')
    const comparison = comparePolicyEntities(before, after, 100_000)
    const tables = new Map(POLICY_ENTITY_NAMES.map((entity) => [entity, new Map((before[entity] as readonly { id: string }[]).map((row) => [row.id, row as object]))]))
    for (const change of comparison.changes!) {
      const table = tables.get(change.entity as (typeof POLICY_ENTITY_NAMES)[number])!
      if (change.op === 'delete') table.delete(change.key)
      else table.set(change.key, change.row)
    }
    for (const entity of POLICY_ENTITY_NAMES) {
      const order = policyRowOrder(entity)
      const rebuilt = [...tables.get(entity)!.values()].sort((a, b) => order(a as never, b as never))
      if (JSON.stringify(rebuilt) !== JSON.stringify(after[entity])) t.fail(`seed ${seed}: ${entity} differs`)
    }
  }
  t.pass('60 pairs of random models')
})

t.test('over the limit, no changes are listed but they are counted', async (t) => {
  const before = entitiesOf(randomPolicyModel(3), 'edge-0')
  const after = entitiesOf(randomPolicyModel(4), 'edge-0')
  const full = comparePolicyEntities(before, after, 100_000)
  t.ok(full.changeCount > 2)
  const limited = comparePolicyEntities(before, after, 1)
  t.equal(limited.changes, null)
  t.equal(limited.changeCount, full.changeCount)
})
