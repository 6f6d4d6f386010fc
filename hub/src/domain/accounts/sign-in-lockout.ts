/**
 * Lockout after failed sign-ins, per username: the first `freeFailures` failures cost nothing,
 * the next locks for `firstLockMs`, and each failure after that doubles the lock up to
 * `maxLockMs`. Failures are forgotten after `forgetAfterMs` without one, and on a good sign-in.
 */
export interface SignInLockoutRules {
  readonly freeFailures: number
  readonly firstLockMs: number
  readonly maxLockMs: number
  readonly forgetAfterMs: number
}

export const DEFAULT_SIGN_IN_LOCKOUT_RULES: SignInLockoutRules = {
  freeFailures: 4,
  firstLockMs: 15 * 60_000,
  maxLockMs: 24 * 60 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
}

export interface SignInFailureState {
  readonly failedCount: number
  readonly lastFailedAtMs: number
  /** The instant sign-in is allowed again; null when not locked. */
  readonly lockedUntilMs: number | null
}

/** How long sign-in stays refused for this username (0 when it is not). */
export function lockRemainingMs(state: SignInFailureState | null, nowMs: number): number {
  if (state === null || state.lockedUntilMs === null) return 0
  return Math.max(0, state.lockedUntilMs - nowMs)
}

/** The state after one more failed sign-in at `nowMs`. */
export function afterFailedSignIn(
  previous: SignInFailureState | null,
  nowMs: number,
  rules: SignInLockoutRules = DEFAULT_SIGN_IN_LOCKOUT_RULES,
): SignInFailureState {
  const isForgotten = previous !== null && lockRemainingMs(previous, nowMs) === 0 && nowMs - previous.lastFailedAtMs > rules.forgetAfterMs
  const failedCount = previous === null || isForgotten ? 1 : previous.failedCount + 1
  const lockedFailures = failedCount - rules.freeFailures
  if (lockedFailures <= 0) return { failedCount, lastFailedAtMs: nowMs, lockedUntilMs: null }
  const lockMs = Math.min(rules.maxLockMs, rules.firstLockMs * 2 ** Math.min(lockedFailures - 1, 30))
  return { failedCount, lastFailedAtMs: nowMs, lockedUntilMs: nowMs + lockMs }
}

/** Lockout is per username as people type it: case and stray spaces do not make a new one. */
export function signInUsernameKey(username: string): string {
  return username.trim().toLowerCase()
}
