import type { PolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import type { PolicyFailureCode } from '../../../protocol/mqtt/messages/policy-applied.js'
import type { PolicySnapshotViolation } from '../../../protocol/policy/validate-policy-snapshot.js'
import type { AppliedPolicy } from './policy-updater.js'

/**
 * Why an apply was refused, finer than the PolicyFailureCode that PolicyApplied reports:
 *
 * - SHA256_MISMATCH     the body is not the one the signed announcement vouches for.
 * - BAD_SIGNATURE       a snapshot file whose own signature is not the hub's.
 * - INVALID_SNAPSHOT    not JSON, or a row, the header or a uniqueness rule is wrong.
 * - WRONG_EDGE          compiled for another edge.
 * - VERSION_MISMATCH    the snapshot's version is not the announced one.
 * - NOT_NEWER           not newer than the version in force.
 * - NO_DELTA            the announcement carries no delta.
 * - BASE_VERSION_MISMATCH  the delta applies to another version than the one in force.
 * - INVALID_CHANGE      a change of the delta is invalid (nothing was applied).
 * - CONFLICT            the changes break a rule of the whole policy (two credentials with one
 *                       lookup key, no site row, two site rows); rolled back.
 * - UNREADABLE_FILE     a snapshot file could not be read.
 * - WRITE_FAILED        SQLite refused the transaction (disk full, I/O error); rolled back.
 */
export type PolicyApplyRefusal =
  | 'SHA256_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'INVALID_SNAPSHOT'
  | 'WRONG_EDGE'
  | 'VERSION_MISMATCH'
  | 'NOT_NEWER'
  | 'NO_DELTA'
  | 'BASE_VERSION_MISMATCH'
  | 'INVALID_CHANGE'
  | 'CONFLICT'
  | 'UNREADABLE_FILE'
  | 'WRITE_FAILED'

/** The old policy stays in force, whole. */
export interface PolicyApplyFailure {
  readonly ok: false
  readonly code: PolicyFailureCode
  readonly refusal: PolicyApplyRefusal
  /** For the log: the first violations, the versions involved. No credential numbers. */
  readonly detail: string
}

export interface PolicyApplySuccess {
  readonly ok: true
  readonly policy: AppliedPolicy
  /** Rows written: every row of a snapshot, or the changes of a delta. */
  readonly rowsWritten: number
  /** Where the time went, for the log and the benchmark. */
  readonly timingsMs: { readonly verify: number; readonly decode: number; readonly write: number }
}

export type PolicyApplyResult = PolicyApplySuccess | PolicyApplyFailure

/** The writing side of the policy cache, as the PolicyUpdater needs it. */
export interface PolicyStore {
  /** The policy in force, or null before the first one. */
  inForce(): AppliedPolicy | null
  /**
   * A full snapshot body fetched over HTTP(S), vouched for by the signed announcement's sha256.
   * Asynchronous: the SQLite store applies it off the main thread, decisions carrying on meanwhile.
   */
  applySnapshot(body: Uint8Array, expectedSha256: string, announcedVersion: number): Promise<PolicyApplyResult>
  /** The announcement's delta, only onto exactly its `baseVersion`. */
  applyDelta(announcement: PolicyAnnouncement): PolicyApplyResult
}

export function policyApplyFailure(code: PolicyFailureCode, refusal: PolicyApplyRefusal, detail: string): PolicyApplyFailure {
  return { ok: false, code, refusal, detail }
}

/** A few violations are enough to find what is wrong in the hub's log. */
const MAX_REPORTED_VIOLATIONS = 3

export function invalidSnapshotFailure(violations: readonly PolicySnapshotViolation[]): PolicyApplyFailure {
  const listed = violations.slice(0, MAX_REPORTED_VIOLATIONS).map((violation) => `${violation.path || '/'} ${violation.code}`)
  const more = violations.length > MAX_REPORTED_VIOLATIONS ? ` and ${violations.length - MAX_REPORTED_VIOLATIONS} more` : ''
  return policyApplyFailure('INVALID_SNAPSHOT', 'INVALID_SNAPSHOT', `${listed.join(', ')}${more}`)
}
