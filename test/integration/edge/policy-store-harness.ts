/** Shared setup for the policy store tests: a store on a real file, snapshot bodies, deltas. */
import type { Test } from 'tap'
import type Database from 'better-sqlite3'
import { generateKeyPairSync } from 'node:crypto'
import { join } from 'node:path'
import type { PolicyAnnouncement, PolicyChange } from '../../../protocol/mqtt/messages/policy-announcement.js'
import { encodePolicySnapshot, policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import { signPolicySnapshot } from '../../../protocol/policy/policy-snapshot-signature.js'
import type { PolicyEntities, PolicySnapshot } from '../../../protocol/policy/policy-snapshot.js'
import { openEdgeDatabase, type EdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqlitePolicyStore, type SqlitePolicyStoreOptions } from '../../../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { POLICY_TABLE_SPECS } from '../../../edge/src/adapters/sqlite/policy-table-specs.js'
import type { PolicyApplyResult } from '../../../edge/src/services/policy-store.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { MONDAY_10AM_MS } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

export const EDGE_ID = 'gate-north'
export const HUB_KEYS = generateKeyPairSync('ed25519')
export const ISSUED_AT = '2026-03-02T01:00:00.000Z'

export interface OpenedStore {
  readonly store: SqlitePolicyStore
  readonly database: EdgeDatabase
  readonly clock: ManualClock
  readonly path: string
}

/** A started store on `path` (a new file in the test's directory by default), closed at teardown. */
export function openStore(t: Test, path = join(t.testdir(), 'edge.db'), options: Partial<SqlitePolicyStoreOptions> = {}): OpenedStore {
  const database = openEdgeDatabase({ path })
  const clock = new ManualClock(MONDAY_10AM_MS)
  const store = new SqlitePolicyStore(database, clock, new SilentLogger(), { edgeId: EDGE_ID, hubPublicKey: HUB_KEYS.publicKey, ...options })
  store.start()
  t.teardown(() => {
    store.stop()
    database.close()
  })
  return { store, database, clock, path }
}

/** A snapshot signed by the hub key (the HTTP path ignores the signature; the file path checks it). */
export function snapshotOf(entities: PolicyEntities, version: number, edgeId = EDGE_ID): PolicySnapshot {
  return signPolicySnapshot(HUB_KEYS.privateKey, { v: 1, edgeId, version, issuedAt: ISSUED_AT, entities })
}

export function bodyOf(entities: PolicyEntities, version: number, edgeId = EDGE_ID): Buffer {
  return encodePolicySnapshot(snapshotOf(entities, version, edgeId))
}

/** Applies entities as version `version` through the HTTP path's checks, on this thread. */
export function applyEntities(store: SqlitePolicyStore, entities: PolicyEntities, version: number): PolicyApplyResult {
  const body = bodyOf(entities, version)
  return store.applySnapshotInThread(body, policySnapshotSha256(body), version)
}

/** An announcement of `version` carrying `changes` on top of `baseVersion` (unsigned: the listener checked it). */
export function deltaAnnouncement(version: number, baseVersion: number, changes: PolicyChange[]): PolicyAnnouncement {
  return {
    v: 1,
    edgeId: EDGE_ID,
    version,
    issuedAt: ISSUED_AT,
    sha256: 'ab'.repeat(32),
    snapshotFormat: 'gatehouse-policy/1',
    delta: { baseVersion, changes },
    signature: Buffer.alloc(64).toString('base64'),
  }
}

export function put<R extends { readonly id: string }>(entity: string, row: R): PolicyChange {
  return { op: 'put', entity, key: row.id, row: row as unknown as Extract<PolicyChange, { op: 'put' }>['row'] }
}

export function remove(entity: string, key: string): PolicyChange {
  return { op: 'delete', entity, key }
}

/** The refusal of a failed apply, or "applied". */
export function outcomeOf(result: PolicyApplyResult): string {
  return result.ok ? 'applied' : `${result.code}/${result.refusal}`
}

/** Every row of every policy table and the meta row, with rowids and places, in storage order. */
export function policyRows(connection: Database.Database): Record<string, unknown[]> {
  const rows: Record<string, unknown[]> = {}
  for (const spec of Object.values(POLICY_TABLE_SPECS)) {
    const order = spec.order === 'rowid' ? 'rowid, *' : '*'
    const orderBy = spec.order === 'rowid' ? 'rowid' : spec.order === 'seq' ? [...spec.seqGroup, 'seq'].join(', ') : 'id'
    rows[spec.table] = connection.prepare(`SELECT ${order} FROM ${spec.table} ORDER BY ${orderBy}`).all()
  }
  rows.policy_meta = connection.prepare('SELECT * FROM policy_meta').all()
  return rows
}
