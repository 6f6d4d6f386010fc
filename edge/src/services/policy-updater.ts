import type { PolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import type { PolicyFailureCode } from '../../../protocol/mqtt/messages/policy-applied.js'

/** The policy the edge decides with, as PolicyApplied reports it. */
export interface AppliedPolicy {
  readonly version: number
  /** The sha256 announced for that version. */
  readonly sha256: string
  readonly source: 'delta' | 'snapshot'
  readonly appliedAtMs: number
}

export type PolicyUpdateOutcome =
  | { readonly status: 'applied'; readonly policy: AppliedPolicy }
  /** Not newer than the policy in force: nothing was done. */
  | { readonly status: 'current' }
  /** The old policy stays in force and keeps deciding. */
  | { readonly status: 'failed'; readonly code: PolicyFailureCode; readonly detail?: string }

/**
 * Applies a signature-checked announcement (docs/mqtt-contract.md "Policy updates", steps 3):
 * the delta in one transaction when its `baseVersion` is the version in force, otherwise the full
 * snapshot fetched over HTTPS and checked against `sha256`. Implemented by the policy store.
 * Expected failures are values; a throw counts as APPLY_FAILED.
 */
export interface PolicyUpdater {
  /** The policy in force, or null before the first one. */
  inForce(): AppliedPolicy | null
  apply(announcement: PolicyAnnouncement): Promise<PolicyUpdateOutcome>
}
