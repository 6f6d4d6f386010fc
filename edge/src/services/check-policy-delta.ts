import type { PolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import { timestampMs } from '../../../protocol/mqtt/timestamp-ms.js'
import { validatePolicyChange, type ValidPolicyChange } from '../../../protocol/policy/validate-policy-row.js'
import { policyApplyFailure, type PolicyApplyFailure } from './policy-store.js'

export type CheckedPolicyDelta =
  | { readonly ok: true; readonly changes: readonly ValidPolicyChange[]; readonly issuedAtMs: number }
  | PolicyApplyFailure

/** A few violations are enough to find the bad change in the hub's log. */
const MAX_REPORTED = 3

/**
 * Everything about a delta that can be checked before a transaction starts (docs/mqtt-contract.md
 * "Policy updates", step 3): our edge, newer than the version in force, based on exactly that
 * version, and every change valid (validatePolicyChange). Any failure means "fetch the snapshot".
 */
export function checkPolicyDelta(announcement: PolicyAnnouncement, edgeId: string, inForceVersion: number | null): CheckedPolicyDelta {
  const { delta } = announcement
  if (announcement.edgeId !== edgeId) {
    return policyApplyFailure('INVALID_SNAPSHOT', 'WRONG_EDGE', `the announcement is for edge ${announcement.edgeId}`)
  }
  if (inForceVersion !== null && announcement.version <= inForceVersion) {
    return policyApplyFailure('APPLY_FAILED', 'NOT_NEWER', `version ${announcement.version} is not newer than ${inForceVersion} in force`)
  }
  if (delta === undefined) return policyApplyFailure('APPLY_FAILED', 'NO_DELTA', `version ${announcement.version} comes without a delta`)
  // An edge without a policy reports version 0 (EdgeStatus.policyVersion), so a delta from 0
  // builds a policy from empty tables.
  if (delta.baseVersion !== (inForceVersion ?? 0)) {
    return policyApplyFailure(
      'APPLY_FAILED',
      'BASE_VERSION_MISMATCH',
      `the delta applies to version ${delta.baseVersion}, ${inForceVersion ?? 0} is in force`,
    )
  }
  const issuedAtMs = timestampMs(announcement.issuedAt)
  if (issuedAtMs === null) return policyApplyFailure('APPLY_FAILED', 'INVALID_CHANGE', 'issuedAt is not a calendar instant')
  const changes: ValidPolicyChange[] = []
  const problems: string[] = []
  delta.changes.forEach((change, index) => {
    const result = validatePolicyChange(change)
    if (result.ok) changes.push(result.change)
    else if (problems.length < MAX_REPORTED) {
      problems.push(`change ${index} (${change.entity} ${change.key}): ${result.violations.map((v) => `${v.path} ${v.code}`).join(', ')}`)
    }
  })
  if (changes.length !== delta.changes.length) {
    return policyApplyFailure('APPLY_FAILED', 'INVALID_CHANGE', problems.join('; '))
  }
  return { ok: true, changes, issuedAtMs }
}
