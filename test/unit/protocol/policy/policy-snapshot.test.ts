import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { canonicalJson } from '../../../../protocol/mqtt/canonical-json.js'
import { canonicalJsonOfData } from '../../../../protocol/policy/canonical-json-of-data.js'
import {
  POLICY_SNAPSHOT_SIGNATURE_DOMAIN,
  policyEntitiesSha256,
  policySnapshotSigningBytes,
  signPolicySnapshot,
  verifyPolicySnapshotSignature,
} from '../../../../protocol/policy/policy-snapshot-signature.js'
import { decodePolicySnapshot, encodePolicySnapshot, policySnapshotSha256 } from '../../../../protocol/policy/policy-snapshot-codec.js'
import { validatePolicySnapshot } from '../../../../protocol/policy/validate-policy-snapshot.js'
import { PolicySnapshot, type UnsignedPolicySnapshot } from '../../../../protocol/policy/policy-snapshot.js'
import { Value } from '@sinclair/typebox/value'
import { communityEntities, makeCredential, makeSite } from '../../../fakes/policy-rows.js'
import { ByteFuzzer } from '../../../fuzz/byte-fuzzer.js'

const hub = generateKeyPairSync('ed25519')
const impostor = generateKeyPairSync('ed25519')

function unsigned(): UnsignedPolicySnapshot {
  return { v: 1, edgeId: 'gate-north', version: 43, issuedAt: '2026-03-02T02:00:00.000Z', entities: communityEntities() }
}

t.test('a signed snapshot verifies with the hub key and not with another', async (t) => {
  const snapshot = signPolicySnapshot(hub.privateKey, unsigned())
  t.equal(verifyPolicySnapshotSignature(hub.publicKey, snapshot), true)
  t.equal(verifyPolicySnapshotSignature(impostor.publicKey, snapshot), false)
})

t.test('the signature covers the header and every row: any change breaks it', async (t) => {
  const snapshot = signPolicySnapshot(hub.privateKey, unsigned())
  const tampered = [
    { ...snapshot, version: 44 },
    { ...snapshot, edgeId: 'gate-south' },
    { ...snapshot, issuedAt: '2026-03-02T02:00:01.000Z' },
    { ...snapshot, entities: { ...snapshot.entities, credential: [...snapshot.entities.credential, makeCredential('c-x', 'p-li', 'card:h10301:1:1')] } },
    { ...snapshot, entities: { ...snapshot.entities, credential: snapshot.entities.credential.map((c) => ({ ...c, status: 'revoked' as const })) } },
    { ...snapshot, entities: { ...snapshot.entities, site: [makeSite({ feverThresholdCelsius: 39 })] } },
    { ...snapshot, signature: `${snapshot.signature.slice(0, 10)}A${snapshot.signature.slice(11)}` },
    { ...snapshot, signature: 'not base64' },
  ]
  for (const [index, copy] of tampered.entries()) t.equal(verifyPolicySnapshotSignature(hub.publicKey, copy), false, `tamper ${index}`)
})

t.test('signing bytes are the domain tag, a line feed and the canonical statement', async (t) => {
  const snapshot = unsigned()
  const text = policySnapshotSigningBytes(snapshot).toString('utf8')
  const sha = policyEntitiesSha256(snapshot.entities)
  t.equal(text, `${POLICY_SNAPSHOT_SIGNATURE_DOMAIN}\n{"edgeId":"gate-north","entitiesSha256":"${sha}","issuedAt":"2026-03-02T02:00:00.000Z","v":1,"version":43}`)
  t.match(sha, /^[0-9a-f]{64}$/)
})

t.test('member order in the rows does not change the signature (canonical JSON)', async (t) => {
  const snapshot = signPolicySnapshot(hub.privateKey, unsigned())
  const reordered = { ...snapshot, entities: { ...snapshot.entities, person: snapshot.entities.person.map((p) => Object.fromEntries(Object.entries(p).reverse()) as typeof p) } }
  t.equal(verifyPolicySnapshotSignature(hub.publicKey, reordered), true)
})

t.test('the fast canonical JSON equals RFC 8785 canonicalJson on random data (3,000 values)', async (t) => {
  const random = new ByteFuzzer(8785)
  const name = () => random.pick(['a', 'b', 'id', 'é', '\u20ac', '\r', '1', '10', 'A', '\u{1F600}', 'z', '', 'aa'])
  const value = (depth: number): unknown => {
    switch (depth > 3 ? random.int(4) : random.int(6)) {
      case 0: return random.pick([null, true, false])
      case 1: return random.pick([0, -0, 1.5, -1e21, 1e-7, 123456789012345, 0.1 + 0.2])
      case 2: return random.pick(['', 'x', 'q"\\\n', '张三', '\u2028'])
      case 3: return undefined
      case 4: return Array.from({ length: random.int(4) }, () => value(depth + 1))
      default: return Object.fromEntries(Array.from({ length: random.int(5) }, () => [name(), value(depth + 1)]))
    }
  }
  const mismatches: string[] = []
  for (let i = 0; i < 3_000; i++) {
    const data = value(0)
    if (canonicalJsonOfData(data) !== canonicalJson(data)) mismatches.push(canonicalJson(data))
  }
  t.same(mismatches.slice(0, 3), [])
})

t.test('encodes to canonical bytes that decode back to the same snapshot', async (t) => {
  const snapshot = signPolicySnapshot(hub.privateKey, unsigned())
  const body = encodePolicySnapshot(snapshot)
  t.equal(body.toString('utf8'), canonicalJson(snapshot))
  const decoded = decodePolicySnapshot(body)
  t.same(decoded, { ok: true, snapshot })
  t.equal(policySnapshotSha256(body), policySnapshotSha256(encodePolicySnapshot(structuredClone(snapshot))), 'same bytes every time')
  t.same(decodePolicySnapshot(Buffer.from('{"v":')), { ok: false, violations: [{ path: '', code: 'NOT_JSON', message: 'the body is not JSON' }] })
})

t.test('validation lists bad rows with their paths, duplicate ids and duplicate lookup keys', async (t) => {
  const entities = communityEntities()
  entities.credential.push({ ...entities.credential[0]! }, makeCredential('c-dup', 'p-li', 'card:h10301:212:7041'))
  entities.person.push({ ...entities.person[0]!, role: 'mayor' as never })
  const result = validatePolicySnapshot({ ...signPolicySnapshot(hub.privateKey, unsigned()), entities })
  const found = result.ok ? [] : result.violations.map((v) => `${v.path} ${v.code}`)
  t.same(found, [
    '/entities/person/2/role INVALID_FIELD',
    '/entities/credential/2/id DUPLICATE_KEY',
    '/entities/credential/2/lookupKey DUPLICATE_LOOKUP_KEY',
    '/entities/credential/3/lookupKey DUPLICATE_LOOKUP_KEY',
  ])
})

t.test('validation refuses a snapshot without a site row, with an unknown entity or a bad header', async (t) => {
  const snapshot = signPolicySnapshot(hub.privateKey, unsigned())
  const check = (value: unknown) => {
    const result = validatePolicySnapshot(value)
    return result.ok ? 'ok' : result.violations[0]!.code
  }
  t.equal(check(snapshot), 'ok')
  t.equal(Value.Check(PolicySnapshot, snapshot), true, 'the documented schema with typed rows agrees')
  t.equal(check({ ...snapshot, entities: { ...snapshot.entities, site: [] } }), 'INVALID_ENVELOPE')
  t.equal(check({ ...snapshot, entities: { ...snapshot.entities, household: [] } }), 'INVALID_ENVELOPE')
  t.equal(check({ ...snapshot, issuedAt: '2026-02-30T00:00:00Z' }), 'INVALID_ENVELOPE')
  t.equal(check({ ...snapshot, version: 0 }), 'INVALID_ENVELOPE')
  t.equal(check(null), 'INVALID_ENVELOPE')
})

t.test('validation stops listing at 100 violations', async (t) => {
  const entities = communityEntities()
  for (let i = 0; i < 500; i++) entities.credential.push({ ...makeCredential(`c-${i}`, 'p-li', `card:h10301:9:${i}`), status: 'gone' as never })
  const result = validatePolicySnapshot({ ...unsigned(), entities, signature: signPolicySnapshot(hub.privateKey, unsigned()).signature })
  t.equal(result.ok ? 0 : result.violations.length, 100)
})
