import type { KeyObject } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import type { PolicyAnnouncement } from '../../../../protocol/mqtt/messages/policy-announcement.js'
import { timestampMs } from '../../../../protocol/mqtt/timestamp-ms.js'
import type { ObservationSubjectKind, PolicyObservation } from '../../../../protocol/policy/policy-observation.js'
import type { PolicyAccess } from '../../../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../../../protocol/policy/policy-door.js'
import type { PolicyLockdown } from '../../../../protocol/policy/policy-lockdown.js'
import type { PolicyMedicalException } from '../../../../protocol/policy/policy-medical-exception.js'
import type { PolicyPerson } from '../../../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../../../protocol/policy/policy-phone-key.js'
import type { PolicySchedule } from '../../../../protocol/policy/policy-schedule.js'
import type { PolicySite } from '../../../../protocol/policy/policy-site.js'
import { MAX_POLICY_SNAPSHOT_BYTES, decodePolicySnapshot, policySnapshotSha256 } from '../../../../protocol/policy/policy-snapshot-codec.js'
import { verifyPolicySnapshotSignature } from '../../../../protocol/policy/policy-snapshot-signature.js'
import type { PolicySnapshot } from '../../../../protocol/policy/policy-snapshot.js'
import type { ValidPolicyChange } from '../../../../protocol/policy/validate-policy-row.js'
import type { AntiPassbackState, PolicyMeta, PolicyView } from '../../domain/policy-view.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import { checkPolicyDelta } from '../../services/check-policy-delta.js'
import { invalidSnapshotFailure, policyApplyFailure, type PolicyApplyResult, type PolicyStore } from '../../services/policy-store.js'
import type { AppliedPolicy } from '../../services/policy-updater.js'
import type { EdgeDatabase } from './open-edge-database.js'
import { PolicyStoreError } from './policy-store-error.js'
import { PolicyConflict, policyWriteFailure } from './policy-write-failure.js'
import { preparePolicyReadStatements, type StoredPolicyMeta } from './policy-read-statements.js'
import { preparePolicyWriteStatements, type PolicyWriteStatements } from './policy-write-statements.js'
import { SqlitePolicyView } from './sqlite-policy-view.js'

export interface SqlitePolicyStoreOptions {
  /** This edge: a snapshot or delta for another is refused. */
  readonly edgeId: string
  /** The hub's Ed25519 key: a snapshot file (commissioning without a hub) must carry its signature. */
  readonly hubPublicKey: KeyObject
  /** Observation orders and medical exceptions are held in memory up to this many rows each (default 10,000). */
  readonly inMemoryRangeMaxRows?: number
}

type Timings = { verify: number; decode: number }

interface Running {
  readonly view: SqlitePolicyView
  readonly writes: PolicyWriteStatements
  readonly replace: (snapshot: PolicySnapshot, meta: StoredPolicyMeta) => number
  readonly patch: (changes: readonly ValidPolicyChange[], meta: StoredPolicyMeta) => void
}

/**
 * The edge's policy cache in the edge database (migration 3): the PolicyView decideAccess reads,
 * and the PolicyStore the updater writes (docs/mqtt-contract.md "Policy updates").
 *
 * Atomicity: a snapshot replaces every policy table in ONE immediate transaction (delete, bulk
 * insert, meta row); a delta applies its changes in order in one transaction and bumps the
 * version. Everything that can be checked without SQLite (sha256, JSON, every row, every change)
 * is checked before the transaction starts, and anything SQLite refuses rolls it back whole, so
 * the old policy stays in force. Other connections (WAL) see the old version or the new one,
 * never a mix; this connection's in-memory tables are reloaded in the same synchronous turn as
 * the commit, so no decision sees a half-applied policy either.
 *
 * Anti-passback state is local, not policy: `recordPassage` writes it in its own small
 * transaction after a grant (see recordPassage), and a snapshot keeps it, except for people the
 * new policy no longer has.
 *
 * A full snapshot blocks the event loop while it applies (~2.5 s for 100,000 residents on a
 * 2-core x86 VM, more on a Pi): better-sqlite3 is synchronous. Decisions resume on the new version
 * right after. Deltas, the usual case, take milliseconds.
 */
export class SqlitePolicyStore implements PolicyView, PolicyStore {
  readonly #database: EdgeDatabase
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: SqlitePolicyStoreOptions
  #running: Running | undefined

  constructor(database: EdgeDatabase, clock: Clock, log: Logger, options: SqlitePolicyStoreOptions) {
    this.#database = database
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  /** Prepares every statement once and loads the policy in force (if any). */
  start(): void {
    if (this.#running !== undefined) return
    const connection = this.#database.connection
    const writes = preparePolicyWriteStatements(connection)
    const view = new SqlitePolicyView(preparePolicyReadStatements(connection), this.#options.inMemoryRangeMaxRows)
    view.reload()
    const replace = connection.transaction((snapshot: PolicySnapshot, meta: StoredPolicyMeta) => {
      const written = writes.replaceAllRows(snapshot.entities)
      writes.pruneAntiPassback()
      writes.writeMeta(meta)
      return written
    }).immediate
    const patch = connection.transaction((changes: readonly ValidPolicyChange[], meta: StoredPolicyMeta) => {
      for (const change of changes) writes.applyChange(change)
      const sites = writes.rowCount('site')
      if (sites !== 1) throw new PolicyConflict(`the delta leaves ${sites} site rows; a policy has exactly one`)
      writes.writeMeta(meta)
    }).immediate
    this.#running = { view, writes, replace, patch }
    const meta = view.storedMeta()
    this.#log.info({ version: meta?.version ?? null, source: meta?.source ?? null }, 'policy cache opened')
  }

  /** Forgets the statements; the connection belongs to the EdgeDatabase, closed by its owner. */
  stop(): void {
    this.#running = undefined
  }

  inForce(): AppliedPolicy | null {
    const meta = this.#started().view.storedMeta()
    return meta === null ? null : { version: meta.version, sha256: meta.sha256, source: meta.source, appliedAtMs: meta.receivedAtMs }
  }

  applySnapshot(body: Uint8Array, expectedSha256: string, announcedVersion: number): PolicyApplyResult {
    this.#started()
    const startMs = this.#clock.now()
    const sha256 = policySnapshotSha256(body)
    if (sha256 !== expectedSha256.toLowerCase()) {
      return policyApplyFailure('SHA256_MISMATCH', 'SHA256_MISMATCH', `the body hashes to ${sha256}, ${expectedSha256} was announced`)
    }
    const decodeStartMs = this.#clock.now()
    const decoded = decodePolicySnapshot(body)
    if (!decoded.ok) return invalidSnapshotFailure(decoded.violations)
    if (decoded.snapshot.version !== announcedVersion) {
      return policyApplyFailure('INVALID_SNAPSHOT', 'VERSION_MISMATCH', `the body holds version ${decoded.snapshot.version}, ${announcedVersion} was announced`)
    }
    const timings = { verify: decodeStartMs - startMs, decode: this.#clock.now() - decodeStartMs }
    return this.#replace(decoded.snapshot, sha256, timings)
  }

  /**
   * A snapshot body that vouches for itself: its own Ed25519 signature must be the hub's. For a
   * snapshot file carried to the gate when there is no hub to announce it.
   */
  applySignedSnapshot(body: Uint8Array): PolicyApplyResult {
    this.#started()
    const startMs = this.#clock.now()
    const decoded = decodePolicySnapshot(body)
    if (!decoded.ok) return invalidSnapshotFailure(decoded.violations)
    const decodeEndMs = this.#clock.now()
    if (!verifyPolicySnapshotSignature(this.#options.hubPublicKey, decoded.snapshot)) {
      return policyApplyFailure('BAD_SIGNATURE', 'BAD_SIGNATURE', `version ${decoded.snapshot.version} is not signed by the hub key`)
    }
    const sha256 = policySnapshotSha256(body)
    const timings = { verify: this.#clock.now() - decodeEndMs, decode: decodeEndMs - startMs }
    return this.#replace(decoded.snapshot, sha256, timings)
  }

  /** `applySignedSnapshot` on the bytes of a file (as the hub serves it: canonical JSON). */
  applySnapshotFile(path: string): PolicyApplyResult {
    let body: Buffer
    try {
      const bytes = statSync(path).size
      if (bytes > MAX_POLICY_SNAPSHOT_BYTES) {
        return policyApplyFailure('INVALID_SNAPSHOT', 'INVALID_SNAPSHOT', `${path} is ${bytes} bytes, over ${MAX_POLICY_SNAPSHOT_BYTES}`)
      }
      body = readFileSync(path)
    } catch (error) {
      return policyApplyFailure('FETCH_FAILED', 'UNREADABLE_FILE', `cannot read ${path}: ${String(error)}`)
    }
    return this.applySignedSnapshot(body)
  }

  applyDelta(announcement: PolicyAnnouncement): PolicyApplyResult {
    const { view, patch } = this.#started()
    const startMs = this.#clock.now()
    const checked = checkPolicyDelta(announcement, this.#options.edgeId, view.storedMeta()?.version ?? null)
    if (!checked.ok) return checked
    const writeStartMs = this.#clock.now()
    const meta: StoredPolicyMeta = {
      edgeId: announcement.edgeId,
      version: announcement.version,
      sha256: announcement.sha256,
      issuedAtMs: checked.issuedAtMs,
      receivedAtMs: writeStartMs,
      source: 'delta',
    }
    try {
      patch(checked.changes, meta)
    } catch (error) {
      return policyWriteFailure(error, `delta to version ${announcement.version}`)
    } finally {
      view.reload()
    }
    const timingsMs = { verify: 0, decode: writeStartMs - startMs, write: this.#clock.now() - writeStartMs }
    return { ok: true, policy: this.inForce()!, rowsWritten: checked.changes.length, timingsMs }
  }

  /**
   * Remembers a granted passage for anti-passback; the door service calls it after the grant is
   * in the journal and the relay has moved. Its own one-row transaction, not the journal's: the
   * journal entry is the record (and must not wait for anything), this row is a derived index of
   * the last direction per person and group. A power cut between the two can forget the last
   * passage, which lets that one person through once more: anti-passback fails open, access does
   * not. Returns false (and logs) when the row could not be written.
   */
  recordPassage(personId: string, groupId: string, direction: 'in' | 'out', atMs: number, doorId: string): boolean {
    const { writes, view } = this.#started()
    try {
      writes.recordPassage(personId, groupId, direction, Math.trunc(atMs), doorId)
      return true
    } catch (error) {
      this.#log.error({ groupId, doorId, err: String(error) }, 'anti-passback state not recorded')
      return false
    } finally {
      view.forgetHolder()
    }
  }

  meta(): PolicyMeta | null {
    return this.#started().view.meta()
  }

  site(): PolicySite | null {
    return this.#started().view.site()
  }

  credentialByLookupKey(lookupKey: string): PolicyCredential | null {
    return this.#started().view.credentialByLookupKey(lookupKey)
  }

  person(personId: string): PolicyPerson | null {
    return this.#started().view.person(personId)
  }

  door(doorId: string): PolicyDoor | null {
    return this.#started().view.door(doorId)
  }

  accessFor(personId: string, doorId: string): readonly PolicyAccess[] {
    return this.#started().view.accessFor(personId, doorId)
  }

  schedule(scheduleId: string): PolicySchedule | null {
    return this.#started().view.schedule(scheduleId)
  }

  observationsOf(subjectKind: ObservationSubjectKind, subjectId: string): readonly PolicyObservation[] {
    return this.#started().view.observationsOf(subjectKind, subjectId)
  }

  lockdownsOf(buildingId: string): readonly PolicyLockdown[] {
    return this.#started().view.lockdownsOf(buildingId)
  }

  medicalExceptionsOf(personId: string): readonly PolicyMedicalException[] {
    return this.#started().view.medicalExceptionsOf(personId)
  }

  phoneKey(keyId: string): PolicyPhoneKey | null {
    return this.#started().view.phoneKey(keyId)
  }

  antiPassbackState(personId: string, groupId: string): AntiPassbackState | null {
    return this.#started().view.antiPassbackState(personId, groupId)
  }

  #replace(snapshot: PolicySnapshot, sha256: string, timings: Timings): PolicyApplyResult {
    const { view, replace } = this.#started()
    if (snapshot.edgeId !== this.#options.edgeId) {
      return policyApplyFailure('INVALID_SNAPSHOT', 'WRONG_EDGE', `version ${snapshot.version} is compiled for edge ${snapshot.edgeId}`)
    }
    const inForce = view.storedMeta()?.version ?? 0
    if (snapshot.version <= inForce) {
      return policyApplyFailure('APPLY_FAILED', 'NOT_NEWER', `version ${snapshot.version} is not newer than ${inForce} in force`)
    }
    const writeStartMs = this.#clock.now()
    const meta: StoredPolicyMeta = {
      edgeId: snapshot.edgeId,
      version: snapshot.version,
      sha256,
      // validatePolicySnapshot has checked that issuedAt is a calendar instant.
      issuedAtMs: timestampMs(snapshot.issuedAt) ?? 0,
      receivedAtMs: writeStartMs,
      source: 'snapshot',
    }
    let rowsWritten: number
    try {
      rowsWritten = replace(snapshot, meta)
    } catch (error) {
      return policyWriteFailure(error, `snapshot version ${snapshot.version}`)
    } finally {
      view.reload()
    }
    const timingsMs = { ...timings, write: this.#clock.now() - writeStartMs }
    this.#log.debug({ version: snapshot.version, rowsWritten, timingsMs }, 'policy snapshot applied')
    return { ok: true, policy: this.inForce()!, rowsWritten, timingsMs }
  }

  #started(): Running {
    if (this.#running === undefined) throw new PolicyStoreError('POLICY_STORE_NOT_STARTED', 'the policy store is not started')
    return this.#running
  }
}
