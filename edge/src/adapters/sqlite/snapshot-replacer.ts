import type Database from 'better-sqlite3'
import type { KeyObject } from 'node:crypto'
import { timestampMs } from '../../../../protocol/mqtt/timestamp-ms.js'
import { decodePolicySnapshot, policySnapshotSha256 } from '../../../../protocol/policy/policy-snapshot-codec.js'
import { verifyPolicySnapshotSignature } from '../../../../protocol/policy/policy-snapshot-signature.js'
import type { PolicySnapshot } from '../../../../protocol/policy/policy-snapshot.js'
import type { Clock } from '../../ports/clock.js'
import { invalidSnapshotFailure, policyApplyFailure, type PolicyApplyFailure, type PolicyApplySuccess } from '../../services/policy-store.js'
import type { StoredPolicyMeta } from './policy-read-statements.js'
import { preparePolicyWriteStatements } from './policy-write-statements.js'
import { policyWriteFailure } from './policy-write-failure.js'

/**
 * How a snapshot body vouches for itself: `announced`, by the sha256 and version of a signed
 * announcement (the HTTP path); `signed`, by its own Ed25519 signature (a snapshot file).
 */
export type SnapshotVouch = { readonly kind: 'announced'; readonly expectedSha256: string; readonly announcedVersion: number } | { readonly kind: 'signed' }

export interface SnapshotReplacerOptions {
  /** This edge: a snapshot for another is refused. */
  readonly edgeId: string
  readonly hubPublicKey: KeyObject
}

/** A replaced policy, before the caller's view has reloaded: what PolicyApplySuccess needs but the policy. */
export type SnapshotReplaced = Omit<PolicyApplySuccess, 'policy'> & { readonly version: number }

export type SnapshotReplaceOutcome = SnapshotReplaced | PolicyApplyFailure

export interface SnapshotReplacer {
  /** Checks the body, then replaces every policy table with it in ONE immediate transaction. */
  replace(body: Uint8Array, vouch: SnapshotVouch, receivedAtMs: number): SnapshotReplaceOutcome
}

type Timings = { verify: number; decode: number }

/**
 * The checks and the write of a full snapshot, on one connection: the policy store runs it in
 * its own thread (commissioning, tests) and the snapshot worker on its own connection. Everything
 * that can be checked without SQLite (sha256 or signature, JSON, every row) is checked before the
 * transaction starts; anything SQLite refuses rolls the transaction back whole, so the policy in
 * force stays. Only the meta row's version is read from the database, as this connection sees it.
 */
export function prepareSnapshotReplacer(connection: Database.Database, clock: Clock, options: SnapshotReplacerOptions): SnapshotReplacer {
  const writes = preparePolicyWriteStatements(connection)
  const versionInForce = connection.prepare<[], number>('SELECT version FROM policy_meta WHERE singleton = 1').pluck()
  const write = connection.transaction((snapshot: PolicySnapshot, meta: StoredPolicyMeta) => {
    const written = writes.replaceAllRows(snapshot.entities)
    writes.pruneAntiPassback()
    writes.writeMeta(meta)
    return written
  }).immediate

  function check(body: Uint8Array, vouch: SnapshotVouch): { snapshot: PolicySnapshot; sha256: string; timings: Timings } | PolicyApplyFailure {
    const startMs = clock.now()
    if (vouch.kind === 'announced') {
      const sha256 = policySnapshotSha256(body)
      if (sha256 !== vouch.expectedSha256.toLowerCase()) {
        return policyApplyFailure('SHA256_MISMATCH', 'SHA256_MISMATCH', `the body hashes to ${sha256}, ${vouch.expectedSha256} was announced`)
      }
      const decodeStartMs = clock.now()
      const decoded = decodePolicySnapshot(body)
      if (!decoded.ok) return invalidSnapshotFailure(decoded.violations)
      if (decoded.snapshot.version !== vouch.announcedVersion) {
        return policyApplyFailure('INVALID_SNAPSHOT', 'VERSION_MISMATCH', `the body holds version ${decoded.snapshot.version}, ${vouch.announcedVersion} was announced`)
      }
      return { snapshot: decoded.snapshot, sha256, timings: { verify: decodeStartMs - startMs, decode: clock.now() - decodeStartMs } }
    }
    const decoded = decodePolicySnapshot(body)
    if (!decoded.ok) return invalidSnapshotFailure(decoded.violations)
    const decodeEndMs = clock.now()
    if (!verifyPolicySnapshotSignature(options.hubPublicKey, decoded.snapshot)) {
      return policyApplyFailure('BAD_SIGNATURE', 'BAD_SIGNATURE', `version ${decoded.snapshot.version} is not signed by the hub key`)
    }
    const sha256 = policySnapshotSha256(body)
    return { snapshot: decoded.snapshot, sha256, timings: { verify: clock.now() - decodeEndMs, decode: decodeEndMs - startMs } }
  }

  return {
    replace(body, vouch, receivedAtMs) {
      const checked = check(body, vouch)
      if ('ok' in checked) return checked
      const { snapshot, sha256, timings } = checked
      if (snapshot.edgeId !== options.edgeId) {
        return policyApplyFailure('INVALID_SNAPSHOT', 'WRONG_EDGE', `version ${snapshot.version} is compiled for edge ${snapshot.edgeId}`)
      }
      const inForce = versionInForce.get() ?? 0
      if (snapshot.version <= inForce) {
        return policyApplyFailure('APPLY_FAILED', 'NOT_NEWER', `version ${snapshot.version} is not newer than ${inForce} in force`)
      }
      const writeStartMs = clock.now()
      const meta: StoredPolicyMeta = {
        edgeId: snapshot.edgeId,
        version: snapshot.version,
        sha256,
        // validatePolicySnapshot has checked that issuedAt is a calendar instant.
        issuedAtMs: timestampMs(snapshot.issuedAt) ?? 0,
        receivedAtMs,
        source: 'snapshot',
      }
      try {
        const rowsWritten = write(snapshot, meta)
        return { ok: true, version: snapshot.version, rowsWritten, timingsMs: { ...timings, write: clock.now() - writeStartMs } }
      } catch (error) {
        return policyWriteFailure(error, `snapshot version ${snapshot.version}`)
      }
    },
  }
}
