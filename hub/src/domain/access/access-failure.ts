/**
 * Expected refusals of the access model (a duplicate card, a window that does not parse, an
 * order that already ended), as values with a stable code. The HTTP adapter maps each code to a
 * status (access-failure-status.ts); clients branch on the code, people read the message.
 */
export const ACCESS_FAILURE_CODES = [
  // 404
  'NOT_FOUND',
  // 409: the request is well formed but clashes with what is stored
  'EDGE_EXISTS',
  'DOOR_EXISTS',
  'NAME_TAKEN',
  'DUPLICATE_LOOKUP_KEY',
  'PHONE_KEY_EXISTS',
  'IN_USE',
  'ALREADY_REVOKED',
  'ALREADY_ENDED',
  'HOST_HAS_NO_BUILDING',
  'REQUEST_NOT_PENDING',
  'REQUEST_LAPSED',
  // 403: outside the caller's scope
  'OUT_OF_SCOPE',
  // 400: the request itself is wrong
  'BAD_DOOR',
  'BAD_WINDOW',
  'BAD_DATE',
  'BAD_RULE',
  'BAD_INTERVAL',
  'BAD_CREDENTIAL',
  'BAD_PUBLIC_KEY',
  'BAD_BINDING',
  'BAD_EXTENSION',
  'BAD_VISITOR_PASS',
  'UNKNOWN_REFERENCE',
] as const

export type AccessFailureCode = (typeof ACCESS_FAILURE_CODES)[number]

export interface AccessFailure {
  readonly ok: false
  readonly code: AccessFailureCode
  readonly message: string
  /** Every violation found, when there are several (schedule windows, door settings). */
  readonly details?: readonly string[]
}

export type AccessOutcome<T> = { readonly ok: true; readonly value: T } | AccessFailure

export function accessFailure(code: AccessFailureCode, message: string, details?: readonly string[]): AccessFailure {
  return details === undefined || details.length === 0 ? { ok: false, code, message } : { ok: false, code, message, details }
}

export function accessSuccess<T>(value: T): AccessOutcome<T> {
  return { ok: true, value }
}
