import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { compilePolicy } from '../../../hub/src/domain/policy-compiler/compile-edge-policy.js'
import type { PolicyModel } from '../../../hub/src/domain/policy-compiler/policy-model.js'
import { buildPolicyVersion, type PolicyVersionRequest } from '../../../hub/src/domain/policy-distribution/build-policy-version.js'
import { SignedSnapshotEncoder } from '../../../hub/src/domain/policy-distribution/signed-snapshot-encoder.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import type { PolicyEntities } from '../../../protocol/policy/policy-snapshot.js'
import { MONDAY_10AM_MS, modelCard, modelPerson, smallCommunityModel } from '../../fakes/hub-policy-model.js'

const { privateKey } = generateKeyPairSync('ed25519')

function entitiesOf(model: PolicyModel): PolicyEntities {
  const result = compilePolicy(model, 'edge-gate', MONDAY_10AM_MS)
  if (!result.ok) throw new Error(result.code)
  return result.entities
}

function request(overrides: Partial<PolicyVersionRequest>): PolicyVersionRequest {
  return {
    edgeId: 'edge-gate',
    compiled: entitiesOf(smallCommunityModel()),
    nowMs: MONDAY_10AM_MS,
    previous: null,
    applied: null,
    isForced: false,
    privateKey,
    encoder: new SignedSnapshotEncoder(),
    ...overrides,
  }
}

t.test('a delta that would not fit the announcement’s size limit is left out', async (t) => {
  const encoder = new SignedSnapshotEncoder()
  const first = buildPolicyVersion(request({ encoder }))
  if (first.kind !== 'new') throw new Error('no first version')
  const crowded = smallCommunityModel()
  for (let index = 0; index < 250; index++) {
    crowded.persons.push(modelPerson(`per-long-${index}`, { householdId: 'hh-1', displayName: '长'.repeat(64) }))
  }
  const previous = { version: 1, sha256: first.encoded.sha256, entitiesSha256: first.encoded.entitiesSha256, entities: first.entities, deltaBase: null }
  const applied = { version: 1, sha256: first.encoded.sha256 }
  const second = buildPolicyVersion(request({ encoder, compiled: entitiesOf(crowded), previous, applied }))
  if (second.kind !== 'new') throw new Error('no second version')
  t.ok(second.changeCount > 250 && second.changeCount <= 256 * 2)
  t.equal(second.deltaChanges, null, 'no delta')
  t.ok(second.payload.byteLength <= MESSAGE_CATALOG.policy.maxPayloadBytes)
  const small = smallCommunityModel()
  small.persons.push(modelPerson('per-new', { householdId: 'hh-1' }))
  const third = buildPolicyVersion(request({ encoder, compiled: entitiesOf(small), previous, applied }))
  t.match(third, { kind: 'new', version: 2, deltaChanges: 2 }, 'a small change rides as a delta: the person and their gate row')
})

t.test('a bad row that only grants is left out; a bad lockdown fails the version', async (t) => {
  const model = smallCommunityModel()
  model.credentials.push(modelCard('card-bad', 'per-1', 0, { lookupKey: 'card:NOT A KEY' }))
  const plan = buildPolicyVersion(request({ compiled: entitiesOf(model) }))
  t.equal(plan.kind, 'new')
  if (plan.kind !== 'new') return
  t.same(plan.dropped.map((row) => [row.entity, row.id]), [['credential', 'card-bad']])
  t.notOk(plan.entities.credential.some((credential) => credential.id === 'card-bad'))
  t.ok(plan.entities.credential.some((credential) => credential.id === 'card-1'), 'the rest stays')
  const sealed = smallCommunityModel()
  sealed.lockdowns.push({ id: 'Lock Bad', buildingId: 'bld-1', startsAtMs: MONDAY_10AM_MS, endsAtMs: MONDAY_10AM_MS + 1 })
  const result = compilePolicy(sealed, 'edge-bld-1', MONDAY_10AM_MS)
  if (!result.ok) throw new Error(result.code)
  t.match(buildPolicyVersion(request({ edgeId: 'edge-bld-1', compiled: result.entities })), { kind: 'failed', code: 'INVALID_ROWS' })
})

t.test('the same entities after a restart (not in memory) are recognised by their hash', async (t) => {
  const encoder = new SignedSnapshotEncoder()
  const first = buildPolicyVersion(request({ encoder }))
  if (first.kind !== 'new') throw new Error('no first version')
  const previous = { version: 1, sha256: first.encoded.sha256, entitiesSha256: first.encoded.entitiesSha256, entities: null, deltaBase: null }
  t.equal(buildPolicyVersion(request({ encoder: new SignedSnapshotEncoder(), previous })).kind, 'unchanged')
  t.match(buildPolicyVersion(request({ previous, isForced: true })), { kind: 'new', version: 2, deltaChanges: null })
  t.match(buildPolicyVersion(request({ previous, applied: { version: 9, sha256: 'f'.repeat(64) }, isForced: true })), { kind: 'new', version: 10 })
})
