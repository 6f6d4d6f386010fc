import { policyApplyFailure, type PolicyApplyFailure } from '../../services/policy-store.js'

/** Thrown inside a delta transaction to roll it back when the result breaks a whole-policy rule. */
export class PolicyConflict extends Error {
  override readonly name = 'PolicyConflict'
}

/**
 * What a rolled-back policy transaction reports: CONFLICT when the policy itself was at fault (a
 * unique key twice, a whole-policy rule), WRITE_FAILED when SQLite was (disk full, I/O error).
 */
export function policyWriteFailure(error: unknown, what: string): PolicyApplyFailure {
  if (error instanceof PolicyConflict) return policyApplyFailure('APPLY_FAILED', 'CONFLICT', error.message)
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN'
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return policyApplyFailure('APPLY_FAILED', 'CONFLICT', `${what} repeats a unique key (${String(error)}); rolled back`)
  }
  return policyApplyFailure('APPLY_FAILED', 'WRITE_FAILED', `${what} was not written (${code}); rolled back`)
}
