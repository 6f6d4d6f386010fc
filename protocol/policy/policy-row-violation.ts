/** One thing wrong with a policy row; a row reports all of them at once. */
export interface PolicyRowViolation {
  /** JSON pointer into the row ("/validUntilMs"), "" for the row as a whole. */
  readonly path: string
  readonly code: PolicyRowViolationCode
  readonly message: string
}

export type PolicyRowViolationCode =
  | 'UNKNOWN_ENTITY'
  | 'INVALID_FIELD'
  | 'KEY_MISMATCH'
  | 'EMPTY_INTERVAL'
  | 'BAD_WINDOW'
  | 'BAD_DATE'
  | 'KIND_MISMATCH'
  | 'MISSING_FIELD'
  | 'UNEXPECTED_FIELD'

/** Keeps a hostile row from producing an unbounded list. */
export const MAX_VIOLATIONS_PER_ROW = 32
