/**
 * The rules of a visitor's request (issue 5 §3, story 5): a visitor at a gate fills the form the
 * QR poster leads to, naming the household they visit; a resident of that household approves it
 * with a time-boxed visitor pass, or declines. Pure: the time comes in.
 */

/** The visitor may say when they arrive from an hour ago (already at the gate) to a day ahead. */
export const EXPECTED_EARLIEST_BEFORE_MS = 3_600_000
export const EXPECTED_LATEST_AHEAD_MS = 24 * 3_600_000

/** An undecided request lapses this long after the expected arrival: nobody waits at a gate all day. */
export const PENDING_GRACE_MS = 2 * 3_600_000

/** The visitor's personal data stays this long after the request ended, then it is purged. */
export const DEFAULT_VISITOR_DATA_RETENTION_MS = 30 * 24 * 3_600_000

export const VISITOR_REQUEST_STATES = ['pending', 'approved', 'declined', 'lapsed'] as const
export type VisitorRequestState = (typeof VISITOR_REQUEST_STATES)[number]

/** What the table stores; `lapsed` is a pending request whose time has passed (computed, never stored). */
export type StoredRequestStatus = 'pending' | 'approved' | 'declined'

export type ExpectedTimeCheck = { readonly ok: true; readonly lapsesAtMs: number } | { readonly ok: false; readonly message: string }

/** Whether the expected arrival is one a request may name now, and when it would lapse undecided. */
export function checkExpectedArrival(expectedAtMs: number, nowMs: number): ExpectedTimeCheck {
  if (!(expectedAtMs >= nowMs - EXPECTED_EARLIEST_BEFORE_MS)) return { ok: false, message: 'the expected arrival is more than an hour ago' }
  if (!(expectedAtMs <= nowMs + EXPECTED_LATEST_AHEAD_MS)) return { ok: false, message: 'the expected arrival is more than a day ahead' }
  return { ok: true, lapsesAtMs: Math.max(expectedAtMs, nowMs) + PENDING_GRACE_MS }
}

/** The state a request is in at `nowMs`. */
export function visitorRequestState(request: { readonly status: StoredRequestStatus; readonly lapsesAtMs: number }, nowMs: number): VisitorRequestState {
  if (request.status !== 'pending') return request.status
  return nowMs >= request.lapsesAtMs ? 'lapsed' : 'pending'
}

export const VISITOR_PASS_STATES = ['active', 'revoked', 'expired'] as const
export type VisitorPassState = (typeof VISITOR_PASS_STATES)[number]

/** What the visitor is told of their pass: usable, cancelled by the host, or past its time box. */
export function visitorPassState(pass: { readonly status: 'active' | 'revoked'; readonly validUntilMs: number }, nowMs: number): VisitorPassState {
  if (pass.status === 'revoked') return 'revoked'
  return nowMs >= pass.validUntilMs ? 'expired' : 'active'
}
