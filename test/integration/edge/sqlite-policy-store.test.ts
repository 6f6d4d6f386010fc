import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { POLICY_ENTITY_NAMES, POLICY_ENTITY_SCHEMAS } from '../../../protocol/policy/policy-entities.js'
import { encodePolicySnapshot, policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import { signPolicySnapshot } from '../../../protocol/policy/policy-snapshot-signature.js'
import { POLICY_TABLE_SPECS } from '../../../edge/src/adapters/sqlite/policy-table-specs.js'
import { preparePolicyReadStatements } from '../../../edge/src/adapters/sqlite/policy-read-statements.js'
import { PolicyStoreError } from '../../../edge/src/adapters/sqlite/policy-store-error.js'
import { SqlitePolicyStore } from '../../../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { InMemoryPolicyView } from '../../fakes/in-memory-policy-view.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { MONDAY_10AM_MS, makeCredential, makePerson } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { EDGE_ID, HUB_KEYS, ISSUED_AT, applyEntities, bodyOf, openStore, outcomeOf, policyRows, snapshotOf } from './policy-store-harness.js'
import { richCommunity } from './rich-community.js'

/** Every row of every policy table, the meta row and the anti-passback state, in storage order. */
function dump(connection: Database.Database): Record<string, unknown[]> {
  const result = policyRows(connection)
  result.anti_passback_state = connection.prepare('SELECT * FROM anti_passback_state ORDER BY person_id, group_id').all()
  result.indexes = connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name").pluck().all()
  return result
}

t.test('the table specs name every field of every entity, and the migration made exactly those columns', async (t) => {
  const { database } = openStore(t)
  for (const entity of POLICY_ENTITY_NAMES) {
    const spec = POLICY_TABLE_SPECS[entity]
    t.same(spec.columns.map((column) => column.field).sort(), Object.keys(POLICY_ENTITY_SCHEMAS[entity].properties).sort(), `${entity} fields`)
    const columns = database.connection.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(spec.table)
    t.same(columns, [...spec.columns.map((column) => column.column), ...(spec.order === 'seq' ? ['seq'] : [])], `${spec.table} columns`)
  }
})

t.test('every read on the decision path is an index search, never a scan or a sort', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  const reads = preparePolicyReadStatements(database.connection)
  const planOf = (sql: string) => {
    const parameters = Array.from(sql.matchAll(/\?/g), () => 'x')
    return (database.connection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((step) => step.detail)
  }
  for (const statement of [reads.person, reads.accessFor, reads.observationsOf, reads.medicalExceptionsOf, reads.phoneKey, reads.antiPassbackState]) {
    t.match(planOf(statement.source), [/^SEARCH \w+ USING (INDEX|PRIMARY KEY)/], statement.source)
    t.equal(planOf(statement.source).length, 1, `${statement.source}: one step, no temporary b-tree for ORDER BY`)
  }
  const holderPlan = planOf(reads.credentialWithHolder.source)
  t.same(holderPlan.filter((step) => !/^(SEARCH \w+ USING (INDEX|PRIMARY KEY)|CORRELATED SCALAR SUBQUERY \d+)/.test(step)), [], holderPlan.join('; '))
  t.equal(holderPlan.filter((step) => step.startsWith('SEARCH')).length, 5, 'credential, person, phone key, access rows, anti-passback state')
})

for (const [where, inMemoryRangeMaxRows] of [['memory', undefined], ['SQLite', 0]] as const) {
  t.test(`reads back every row of an applied snapshot as the domain row it was (orders and exceptions from ${where})`, async (t) => {
    const { store } = openStore(t, join(t.testdir(), 'edge.db'), { inMemoryRangeMaxRows })
    const entities = richCommunity()
    t.equal(outcomeOf(applyEntities(store, entities, 1)), 'applied')
    const fake = InMemoryPolicyView.fromEntities(entities)
    t.strictSame(store.site(), fake.site())
    for (const row of entities.credential) t.strictSame(store.credentialByLookupKey(row.lookupKey), fake.credentialByLookupKey(row.lookupKey), row.id)
    for (const row of entities.person) t.strictSame(store.person(row.id), fake.person(row.id), row.id)
    for (const row of entities.door) t.strictSame(store.door(row.id), fake.door(row.id), row.id)
    for (const row of entities.access) t.strictSame(store.accessFor(row.personId, row.doorId), fake.accessFor(row.personId, row.doorId), row.id)
    for (const row of entities.schedule) t.strictSame(store.schedule(row.id), fake.schedule(row.id), row.id)
    for (const row of entities.observation) {
      t.strictSame(store.observationsOf(row.subjectKind, row.subjectId), fake.observationsOf(row.subjectKind, row.subjectId), row.id)
    }
    for (const row of entities['medical-exception']) t.strictSame(store.medicalExceptionsOf(row.personId), fake.medicalExceptionsOf(row.personId), row.id)
    for (const row of entities.lockdown) t.strictSame(store.lockdownsOf(row.buildingId), fake.lockdownsOf(row.buildingId), row.id)
    for (const row of entities['phone-key']) t.strictSame(store.phoneKey(row.id), fake.phoneKey(row.id), row.id)
    t.equal(store.credentialByLookupKey('card:h10301:9:9'), null)
    t.equal(store.person('p-nobody'), null)
    t.equal(store.door('no-door'), null)
    t.same(store.accessFor('p-zhang', 'no-door'), [])
    t.same(store.observationsOf('building', 'b9'), [])
    t.equal(store.antiPassbackState('p-zhang', 'compound'), null)
  })
}

t.test('reports the version in force with its sha256, source and times', async (t) => {
  const { store, clock } = openStore(t)
  t.equal(store.inForce(), null)
  t.equal(store.meta(), null)
  const body = bodyOf(richCommunity(), 3)
  clock.advance(1_000)
  const result = store.applySnapshotInThread(body, policySnapshotSha256(body).toUpperCase(), 3)
  t.equal(outcomeOf(result), 'applied', 'an upper-case hex sha256 matches too')
  const expected = { version: 3, sha256: policySnapshotSha256(body), source: 'snapshot', appliedAtMs: MONDAY_10AM_MS + 1_000 }
  t.same(store.inForce(), expected)
  t.same(result.ok && result.policy, expected)
  t.same(store.meta(), { edgeId: EDGE_ID, version: 3, issuedAtMs: Date.parse(ISSUED_AT), receivedAtMs: MONDAY_10AM_MS + 1_000 })
})

t.test('refuses a body whose sha256 is not the announced one, before reading it', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  const before = dump(database.connection)
  const body = bodyOf(richCommunity(), 2)
  t.equal(outcomeOf(store.applySnapshotInThread(body, policySnapshotSha256(Buffer.from('other')), 2)), 'SHA256_MISMATCH/SHA256_MISMATCH')
  const notJson = Buffer.from('{"v":1,')
  t.equal(outcomeOf(store.applySnapshotInThread(notJson, policySnapshotSha256(notJson), 2)), 'INVALID_SNAPSHOT/INVALID_SNAPSHOT')
  t.same(dump(database.connection), before)
})

t.test('a snapshot with one invalid row leaves the old policy fully in force', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  store.recordPassage('p-zhang', 'compound', 'in', MONDAY_10AM_MS, 'north-gate')
  const before = dump(database.connection)
  const next = richCommunity()
  next.credential = next.credential.map((row) => ({ ...row, status: 'revoked' as const }))
  next.person.push(makePerson('p-new'))
  next.credential.push(makeCredential('c-bad', 'p-new', 'card:h10301:1:1', { validFromMs: 2_000, validUntilMs: 1_000 }))
  const body = bodyOf(next, 2)
  const result = store.applySnapshotInThread(body, policySnapshotSha256(body), 2)
  t.equal(outcomeOf(result), 'INVALID_SNAPSHOT/INVALID_SNAPSHOT')
  t.match(!result.ok && result.detail, /\/entities\/credential\/\d+\/validUntilMs EMPTY_INTERVAL/)
  t.same(dump(database.connection), before)
  t.equal(store.credentialByLookupKey('card:h10301:212:7041')?.status, 'active')
  t.equal(store.inForce()?.version, 1)
})

t.test('rolls back a snapshot that SQLite refuses half way, indexes and all', async (t) => {
  const { store, database } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  const before = dump(database.connection)
  // A temporary trigger (this connection only) makes the insert of one credential fail after
  // every table before it was emptied and refilled and the indexes were dropped.
  database.connection.exec(`CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON policy_credential
    WHEN NEW.lookup_key = 'card:h10301:1:1' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
  const next = richCommunity()
  next.person.push(makePerson('p-new'))
  next.credential.push(makeCredential('c-new', 'p-new', 'card:h10301:1:1'))
  const body = bodyOf(next, 2)
  const result = store.applySnapshotInThread(body, policySnapshotSha256(body), 2)
  t.equal(outcomeOf(result), 'APPLY_FAILED/WRITE_FAILED')
  t.same(dump(database.connection), before, 'every row, the meta row and every index as they were')
  t.equal(store.person('p-new'), null)
  t.equal(store.inForce()?.version, 1)
  database.connection.exec('DROP TRIGGER refuse_one')
  t.equal(outcomeOf(store.applySnapshotInThread(body, policySnapshotSha256(body), 2)), 'applied', 'and the same snapshot applies once the fault is gone')
  t.equal(store.person('p-new')?.id, 'p-new')
})

t.test("refuses another edge's snapshot, a version other than the announced one, and one not newer", async (t) => {
  const { store } = openStore(t)
  applyEntities(store, richCommunity(), 5)
  const other = bodyOf(richCommunity(), 6, 'gate-south')
  t.equal(outcomeOf(store.applySnapshotInThread(other, policySnapshotSha256(other), 6)), 'INVALID_SNAPSHOT/WRONG_EDGE')
  const six = bodyOf(richCommunity(), 6)
  t.equal(outcomeOf(store.applySnapshotInThread(six, policySnapshotSha256(six), 7)), 'INVALID_SNAPSHOT/VERSION_MISMATCH')
  for (const version of [4, 5]) {
    const old = bodyOf(richCommunity(), version)
    t.equal(outcomeOf(store.applySnapshotInThread(old, policySnapshotSha256(old), version)), 'APPLY_FAILED/NOT_NEWER', `version ${version}`)
  }
  t.equal(store.inForce()?.version, 5)
})

t.test('applies a snapshot file signed by the hub; refuses another signer and an unreadable file', async (t) => {
  const { store } = openStore(t)
  const dir = t.testdir()
  const signed = join(dir, 'policy-1.json')
  writeFileSync(signed, bodyOf(richCommunity(), 1))
  const impostor = generateKeyPairSync('ed25519')
  const forged = join(dir, 'policy-2.json')
  writeFileSync(forged, encodePolicySnapshot(signPolicySnapshot(impostor.privateKey, { v: 1, edgeId: EDGE_ID, version: 2, issuedAt: ISSUED_AT, entities: richCommunity() })))
  const tampered = join(dir, 'policy-3.json')
  writeFileSync(tampered, encodePolicySnapshot({ ...snapshotOf(richCommunity(), 2), version: 3 }))
  t.equal(outcomeOf(store.applySnapshotFile(forged)), 'BAD_SIGNATURE/BAD_SIGNATURE')
  t.equal(outcomeOf(store.applySnapshotFile(tampered)), 'BAD_SIGNATURE/BAD_SIGNATURE', 'the signature covers the version')
  t.equal(outcomeOf(store.applySnapshotFile(join(dir, 'missing.json'))), 'FETCH_FAILED/UNREADABLE_FILE')
  t.equal(store.inForce(), null)
  const result = store.applySnapshotFile(signed)
  t.equal(outcomeOf(result), 'applied')
  t.equal(result.ok && result.policy.sha256, policySnapshotSha256(bodyOf(richCommunity(), 1)), 'the file bytes are the body the hub would serve')
  t.equal(outcomeOf(store.applySnapshotFile(signed)), 'APPLY_FAILED/NOT_NEWER')
})

t.test('reopens after a restart with the policy in force and the anti-passback state', async (t) => {
  const path = join(t.testdir(), 'edge.db')
  const first = openStore(t, path)
  applyEntities(first.store, richCommunity(), 9)
  t.equal(first.store.recordPassage('p-zhang', 'compound', 'in', MONDAY_10AM_MS, 'north-gate'), true)
  t.equal(first.store.recordPassage('p-li', 'compound', 'in', MONDAY_10AM_MS, 'north-gate'), true)
  t.equal(first.store.recordPassage('p-li', 'compound', 'out', MONDAY_10AM_MS + 60_000, 'east-gate'), true)
  const inForce = first.store.inForce()
  first.store.stop()
  first.database.close()
  const second = openStore(t, path)
  t.same(second.store.inForce(), inForce)
  t.equal(second.store.credentialByLookupKey('card:h10301:212:7041')?.personId, 'p-zhang')
  t.equal(second.store.door('north-gate')?.antiPassback, 'hard')
  t.same(second.store.antiPassbackState('p-zhang', 'compound'), { direction: 'in', atMs: MONDAY_10AM_MS, doorId: 'north-gate' })
  t.same(second.store.antiPassbackState('p-li', 'compound'), { direction: 'out', atMs: MONDAY_10AM_MS + 60_000, doorId: 'east-gate' })
})

t.test('a new snapshot keeps anti-passback state, except for people it no longer has', async (t) => {
  const { store } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  store.recordPassage('p-zhang', 'compound', 'in', MONDAY_10AM_MS, 'north-gate')
  store.recordPassage('p-li', 'compound', 'in', MONDAY_10AM_MS, 'north-gate')
  const next = richCommunity()
  next.person = next.person.filter((row) => row.id !== 'p-li')
  t.equal(outcomeOf(applyEntities(store, next, 2)), 'applied')
  t.same(store.antiPassbackState('p-zhang', 'compound'), { direction: 'in', atMs: MONDAY_10AM_MS, doorId: 'north-gate' })
  t.equal(store.antiPassbackState('p-li', 'compound'), null)
})

t.test('a passage recorded after a lookup is seen by the next lookup of the same holder', async (t) => {
  const { store } = openStore(t)
  applyEntities(store, richCommunity(), 1)
  t.equal(store.credentialByLookupKey('card:h10301:212:7041')?.personId, 'p-zhang')
  t.equal(store.antiPassbackState('p-zhang', 'compound'), null)
  store.recordPassage('p-zhang', 'compound', 'in', MONDAY_10AM_MS, 'north-gate')
  t.same(store.antiPassbackState('p-zhang', 'compound'), { direction: 'in', atMs: MONDAY_10AM_MS, doorId: 'north-gate' })
  t.equal(store.credentialByLookupKey('pass:A0123')?.personId, 'p-zhang')
  t.same(store.antiPassbackState('p-zhang', 'compound'), { direction: 'in', atMs: MONDAY_10AM_MS, doorId: 'north-gate' })
  t.equal(store.phoneKey('pk-zhang')?.passCredentialId, 'c-zhang-pass', 'the bound key comes with the pass')
  t.equal(store.phoneKey('pk-li-old')?.status, 'revoked', 'and any other key from its own statement')
  t.same(store.accessFor('p-li', 'b2-door').map((row) => row.id), ['a-p-li-b2-door'], "another person's rows from their own statement")
})

t.test('recordPassage reports a row it could not write instead of throwing', async (t) => {
  const { store } = openStore(t)
  t.equal(store.recordPassage('p-zhang', 'compound', 'in', Number.NaN, 'north-gate'), false)
  t.equal(store.antiPassbackState('p-zhang', 'compound'), null)
})

t.test('refuses to read or write before start and after stop', async (t) => {
  const database = openEdgeDatabase({ path: join(t.testdir(), 'edge.db') })
  t.teardown(() => database.close())
  const store = new SqlitePolicyStore(database, new ManualClock(), new SilentLogger(), { edgeId: EDGE_ID, hubPublicKey: HUB_KEYS.publicKey })
  t.throws(() => store.credentialByLookupKey('pin:1234'), new PolicyStoreError('POLICY_STORE_NOT_STARTED', 'the policy store is not started'))
  store.start()
  t.equal(store.credentialByLookupKey('pin:1234'), null)
  store.stop()
  t.throws(() => store.inForce(), { code: 'POLICY_STORE_NOT_STARTED' })
})
