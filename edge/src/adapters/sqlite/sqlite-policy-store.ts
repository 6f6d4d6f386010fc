import Database from 'better-sqlite3'
import type { KeyObject } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import type { PolicyAnnouncement } from '../../../../protocol/mqtt/messages/policy-announcement.js'
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
import { MAX_POLICY_SNAPSHOT_BYTES } from '../../../../protocol/policy/policy-snapshot-codec.js'
import type { ValidPolicyChange } from '../../../../protocol/policy/validate-policy-row.js'
import type { AntiPassbackState, PolicyMeta, PolicyView } from '../../domain/policy-view.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import { checkPolicyDelta } from '../../services/check-policy-delta.js'
import { policyApplyFailure, type PolicyApplyResult, type PolicyStore } from '../../services/policy-store.js'
import type { AppliedPolicy } from '../../services/policy-updater.js'
import { OffThreadSnapshotApplier } from './off-thread-snapshot-applier.js'
import { HeldPassages } from './held-passages.js'
import type { EdgeDatabase } from './open-edge-database.js'
import { PolicyStoreError } from './policy-store-error.js'
import { PolicyConflict, policyWriteFailure } from './policy-write-failure.js'
import { preparePolicyReadStatements, type StoredPolicyMeta } from './policy-read-statements.js'
import { preparePolicyWriteStatements, type PolicyWriteStatements } from './policy-write-statements.js'
import { prepareSnapshotReplacer, type SnapshotReplaceOutcome, type SnapshotReplacer, type SnapshotVouch } from './snapshot-replacer.js'
import { SqlitePolicyView } from './sqlite-policy-view.js'

export interface SqlitePolicyStoreOptions {
  /** This edge: a snapshot or delta for another is refused. */
  readonly edgeId: string
  /** The hub's Ed25519 key: a snapshot file (commissioning without a hub) must carry its signature. */
  readonly hubPublicKey: KeyObject
  /** Observation orders and medical exceptions are held in memory up to this many rows each (default 10,000). */
  readonly inMemoryRangeMaxRows?: number
  /**
   * Full snapshots from the hub are applied in a worker thread (default true); false, or a
   * ':memory:' database, applies them on this thread.
   */
  readonly isApplyOffThread?: boolean
}

/** How long the snapshot worker may wait for the write lock, and this store's reader for a lock. */
const BUSY_TIMEOUT_MS = 5_000

interface Running {
  readonly view: SqlitePolicyView
  readonly writes: PolicyWriteStatements
  readonly replacer: SnapshotReplacer
  readonly patch: (changes: readonly ValidPolicyChange[], meta: StoredPolicyMeta) => void
  /** The connection the view reads through: its own file connection, pinned while a worker applies. */
  readonly reader: Database.Database | null
  readonly offThread: OffThreadSnapshotApplier | null
}

/**
 * The edge's policy cache in the edge database (migration 3): the PolicyView decideAccess reads,
 * and the PolicyStore the updater writes (docs/mqtt-contract.md "Policy updates").
 *
 * Atomicity: a snapshot replaces every policy table in ONE immediate transaction (delete, bulk
 * insert, meta row; snapshot-replacer.ts); a delta applies its changes in order in one transaction
 * and bumps the version. Everything that can be checked without SQLite is checked before the
 * transaction starts, and anything SQLite refuses rolls it back whole, so the old policy stays in
 * force. Other connections (WAL) see the old version or the new one, never a mix.
 *
 * Off the main thread: a full snapshot from the hub (`applySnapshot`; ~2.5 s for 100,000
 * residents on a 2-core x86 VM, more on a Pi) is checked and written by a worker thread on its own
 * connection, so decisions, reader polling and the hub link carry on. Meanwhile the view reads
 * through its own connection inside one read transaction begun before the worker starts, so every
 * decision sees the old policy whole; when the worker answers, that transaction ends and the
 * in-memory tables are reloaded in the same synchronous turn, so the next decision sees the new
 * one whole (or the old one, if the apply failed). The database's write gate is closed meanwhile:
 * the journal holds its commits and passages recorded here are held (and answered from memory)
 * until the worker has released the write lock. Commissioning files and deltas (milliseconds)
 * apply on this thread.
 *
 * Anti-passback state is local, not policy: `recordPassage` writes it in its own small
 * transaction after a grant (see recordPassage), and a snapshot keeps it, except for people the
 * new policy no longer has.
 */
export class SqlitePolicyStore implements PolicyView, PolicyStore {
  readonly #database: EdgeDatabase
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: SqlitePolicyStoreOptions
  #running: Running | undefined
  /** Applies queued one after another: the listener serialises them already, this makes sure. */
  #applying: Promise<unknown> = Promise.resolve()
  /** Passages recorded while the write gate is closed. */
  readonly #heldPassages = new HeldPassages()

  constructor(database: EdgeDatabase, clock: Clock, log: Logger, options: SqlitePolicyStoreOptions) {
    this.#database = database
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  /** Prepares every statement once and loads the policy in force (if any). */
  start(): void {
    if (this.#running !== undefined) return
    const { connection, path } = this.#database
    const isOffThread = (this.#options.isApplyOffThread ?? true) && path !== ':memory:'
    const reader = isOffThread ? new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS }) : null
    const writes = preparePolicyWriteStatements(connection)
    const view = new SqlitePolicyView(preparePolicyReadStatements(reader ?? connection), this.#options.inMemoryRangeMaxRows)
    view.reload()
    const patch = connection.transaction((changes: readonly ValidPolicyChange[], meta: StoredPolicyMeta) => {
      for (const change of changes) writes.applyChange(change)
      const sites = writes.rowCount('site')
      if (sites !== 1) throw new PolicyConflict(`the delta leaves ${sites} site rows; a policy has exactly one`)
      writes.writeMeta(meta)
    }).immediate
    const { edgeId, hubPublicKey } = this.#options
    const replacer = prepareSnapshotReplacer(connection, this.#clock, { edgeId, hubPublicKey })
    const offThread = isOffThread ? new OffThreadSnapshotApplier({ path, edgeId, hubPublicKey, busyTimeoutMs: BUSY_TIMEOUT_MS }) : null
    this.#running = { view, writes, replacer, patch, reader, offThread }
    const meta = view.storedMeta()
    this.#log.info({ version: meta?.version ?? null, source: meta?.source ?? null, offThread: isOffThread }, 'policy cache opened')
  }

  /** Ends a snapshot worker still applying (it rolls back) and closes the reader; the EdgeDatabase's connection is its owner's. */
  stop(): void {
    const running = this.#running
    this.#running = undefined
    if (running === undefined) return
    void running.offThread?.stop()
    running.reader?.close()
  }

  inForce(): AppliedPolicy | null {
    const meta = this.#started().view.storedMeta()
    return meta === null ? null : { version: meta.version, sha256: meta.sha256, source: meta.source, appliedAtMs: meta.receivedAtMs }
  }

  /**
   * A full snapshot body fetched over HTTP(S), vouched for by the signed announcement: applied by
   * the snapshot worker, decisions carrying on with the old policy until it has committed.
   */
  applySnapshot(body: Uint8Array, expectedSha256: string, announcedVersion: number): Promise<PolicyApplyResult> {
    const vouch: SnapshotVouch = { kind: 'announced', expectedSha256, announcedVersion }
    const run = this.#applying.then(() => this.#applyOffThread(body, vouch))
    this.#applying = run.catch(() => undefined)
    return run
  }

  /** `applySnapshot` on this thread, blocking it for the whole apply: for tools, tests and benchmarks. */
  applySnapshotInThread(body: Uint8Array, expectedSha256: string, announcedVersion: number): PolicyApplyResult {
    return this.#applyInThread(body, { kind: 'announced', expectedSha256, announcedVersion })
  }

  /**
   * A snapshot body that vouches for itself: its own Ed25519 signature must be the hub's. For a
   * snapshot file carried to the gate when there is no hub to announce it; applied on this thread.
   */
  applySignedSnapshot(body: Uint8Array): PolicyApplyResult {
    return this.#applyInThread(body, { kind: 'signed' })
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
    if (!this.#database.writeGate.isOpen) {
      return policyApplyFailure('APPLY_FAILED', 'WRITE_FAILED', 'a full snapshot is being applied; the delta waits for the next announcement')
    }
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
    if (!this.#database.writeGate.isOpen) {
      // The snapshot worker holds the write lock: remember it here, write it once the lock is free.
      this.#heldPassages.hold({ personId, groupId, direction, atMs: Math.trunc(atMs), doorId })
      return true
    }
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
    return this.#heldPassages.stateOf(personId, groupId) ?? this.#started().view.antiPassbackState(personId, groupId)
  }

  #applyInThread(body: Uint8Array, vouch: SnapshotVouch): PolicyApplyResult {
    const { view, replacer } = this.#started()
    let outcome: SnapshotReplaceOutcome
    try {
      outcome = replacer.replace(body, vouch, this.#clock.now())
    } finally {
      view.reload()
    }
    return this.#result(outcome)
  }

  async #applyOffThread(body: Uint8Array, vouch: SnapshotVouch): Promise<PolicyApplyResult> {
    const running = this.#started()
    const { view, reader, offThread } = running
    if (offThread === null || reader === null) return this.#applyInThread(body, vouch)
    const gate = this.#database.writeGate
    // One read transaction on the view's connection: the old policy, whole, until the worker answers.
    reader.prepare('BEGIN').run()
    reader.prepare('SELECT version FROM policy_meta').get()
    gate.close()
    let outcome: SnapshotReplaceOutcome
    try {
      outcome = await offThread.apply(body, vouch, this.#clock.now())
    } finally {
      // The same synchronous turn: the next decision reads the policy now in force, whole.
      const isRunning = this.#running === running
      if (isRunning) {
        reader.prepare('COMMIT').run()
        view.reload()
      }
      gate.open()
      if (isRunning) this.#writeHeldPassages()
    }
    return this.#running === running ? this.#result(outcome) : policyApplyFailure('APPLY_FAILED', 'WRITE_FAILED', 'the policy store stopped')
  }

  #result(outcome: SnapshotReplaceOutcome): PolicyApplyResult {
    if (!outcome.ok) return outcome
    const { version, rowsWritten, timingsMs } = outcome
    this.#log.debug({ version, rowsWritten, timingsMs }, 'policy snapshot applied')
    return { ok: true, policy: this.inForce()!, rowsWritten, timingsMs }
  }

  #writeHeldPassages(): void {
    for (const { personId, groupId, direction, atMs, doorId } of this.#heldPassages.drain()) this.recordPassage(personId, groupId, direction, atMs, doorId)
  }

  #started(): Running {
    if (this.#running === undefined) throw new PolicyStoreError('POLICY_STORE_NOT_STARTED', 'the policy store is not started')
    return this.#running
  }
}
