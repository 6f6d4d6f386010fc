export type PolicyStoreErrorCode =
  /** A read or write before `start()` or after `stop()`: a wiring mistake in main.ts. */
  'POLICY_STORE_NOT_STARTED'

/** Exceptional failures of the policy store; expected ones (a bad snapshot) are values. */
export class PolicyStoreError extends Error {
  override readonly name = 'PolicyStoreError'
  readonly code: PolicyStoreErrorCode

  constructor(code: PolicyStoreErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
