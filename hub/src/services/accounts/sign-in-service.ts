import {
  afterFailedSignIn,
  DEFAULT_SIGN_IN_LOCKOUT_RULES,
  lockRemainingMs,
  signInUsernameKey,
  type SignInLockoutRules,
} from '../../domain/accounts/sign-in-lockout.js'
import { passwordPolicyViolations } from '../../domain/accounts/password-policy.js'
import { derivedToken, newSecretToken, secretTokenSha256 } from '../../domain/accounts/secret-token.js'
import type { HubRole } from '../../domain/caller.js'
import type { AccountRecord, AccountStore } from '../../ports/account-store.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { PasswordHasher } from '../../ports/password-hasher.js'
import type { SessionStore } from '../../ports/session-store.js'
import { RefusalCounts } from '../../../../edge/src/services/refusal-counts.js'
import type { IpFailureLimiter } from './ip-failure-limiter.js'

export interface SessionTimeouts {
  /** A session unused this long ends. */
  readonly idleTimeoutMs: number
  /** A session ends this long after sign-in, however active. */
  readonly absoluteLifetimeMs: number
}

/** Staff: a gate shift is up to 12 h; a tablet left unattended signs out after 2 h without use. */
export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { idleTimeoutMs: 2 * 60 * 60_000, absoluteLifetimeMs: 12 * 60 * 60_000 }

/**
 * Residents and landlords use the phone app from their own phone, where signing in every day
 * to open the gate would be unbearable: 30 days idle, 90 days at most.
 */
export const DEFAULT_SESSION_TIMEOUTS_BY_ROLE: Readonly<Record<HubRole, SessionTimeouts>> = {
  admin: DEFAULT_SESSION_TIMEOUTS,
  'grid-manager': DEFAULT_SESSION_TIMEOUTS,
  'gate-staff': DEFAULT_SESSION_TIMEOUTS,
  landlord: { idleTimeoutMs: 30 * 24 * 60 * 60_000, absoluteLifetimeMs: 90 * 24 * 60 * 60_000 },
  resident: { idleTimeoutMs: 30 * 24 * 60 * 60_000, absoluteLifetimeMs: 90 * 24 * 60 * 60_000 },
}

/** last_seen is written at most this often per session, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000
const CSRF_PURPOSE = 'gatehouse-csrf-v1'

export interface SignInServiceDeps {
  readonly accounts: AccountStore
  readonly sessions: SessionStore
  readonly hasher: PasswordHasher
  readonly ipLimiter: IpFailureLimiter
  readonly clock: Clock
  readonly log: Logger
  /** Per role; defaults DEFAULT_SESSION_TIMEOUTS_BY_ROLE. */
  readonly timeouts?: Readonly<Record<HubRole, SessionTimeouts>>
  readonly lockoutRules?: SignInLockoutRules
}

export interface ActiveSession {
  readonly account: AccountRecord
  readonly sessionSha256: string
  /** The token unsafe requests must echo in `X-CSRF-Token`. */
  readonly csrfToken: string
  readonly expiresAtMs: number
}

export type Throttled = { readonly ok: false; readonly code: 'TOO_MANY_ATTEMPTS' | 'SIGN_IN_LOCKED'; readonly retryAfterMs: number }

export type SignInOutcome =
  | { readonly ok: true; readonly sessionToken: string; readonly session: ActiveSession }
  | Throttled
  | { readonly ok: false; readonly code: 'INVALID_CREDENTIALS' | 'ACCOUNT_DISABLED' }

export type PasswordChangeOutcome =
  | { readonly ok: true }
  | Throttled
  | { readonly ok: false; readonly code: 'CURRENT_PASSWORD_WRONG' }
  | { readonly ok: false; readonly code: 'WEAK_PASSWORD'; readonly violations: string[] }

export function csrfTokenOf(sessionToken: string): string {
  return derivedToken(sessionToken, CSRF_PURPOSE)
}

/**
 * Password sign-in, sessions and password change. Failures are throttled twice: per client
 * address in memory (IpFailureLimiter) and per username in the database (lockout with growing
 * backoff, kept across restarts, for unknown usernames too so lockout does not reveal which
 * exist). Unknown usernames cost one scrypt like known ones (PasswordHasher.verify).
 */
export class SignInService {
  /** Refused sign-ins since start, by code (INVALID_CREDENTIALS, SIGN_IN_LOCKED, ...), for /metrics. */
  readonly failures = new RefusalCounts()
  readonly #deps: SignInServiceDeps
  readonly #timeouts: Readonly<Record<HubRole, SessionTimeouts>>
  readonly #log: Logger

  constructor(deps: SignInServiceDeps) {
    this.#deps = deps
    this.#timeouts = deps.timeouts ?? DEFAULT_SESSION_TIMEOUTS_BY_ROLE
    this.#log = deps.log.child({ component: 'sign-in' })
  }

  async signIn(attempt: { readonly username: string; readonly password: string; readonly ip: string }): Promise<SignInOutcome> {
    const outcome = await this.#signIn(attempt)
    if (!outcome.ok) this.failures.add(outcome.code)
    return outcome
  }

  async #signIn(attempt: { readonly username: string; readonly password: string; readonly ip: string }): Promise<SignInOutcome> {
    const username = attempt.username.trim()
    const throttled = this.#throttled(username, attempt.ip)
    if (throttled !== null) return throttled
    const account = this.#deps.accounts.accountByUsername(username)
    const check = await this.#deps.hasher.verify(attempt.password, account?.passwordHash ?? null)
    if (account === null || !check.isMatch) {
      this.#log.info({ username, ip: attempt.ip }, 'sign-in refused: wrong username or password')
      return this.#failed(username, attempt.ip) ?? { ok: false, code: 'INVALID_CREDENTIALS' }
    }
    this.#deps.sessions.clearSignInFailures(signInUsernameKey(username))
    if (account.isDisabled) return { ok: false, code: 'ACCOUNT_DISABLED' }
    if (check.needsRehash) await this.#rehash(account, attempt.password)
    const nowMs = this.#deps.clock.now()
    const timeouts = this.#timeouts[account.role]
    this.#deps.sessions.deleteStaleSessions(nowMs, nowMs - this.#longestIdleMs())
    const sessionToken = newSecretToken(32)
    const sessionSha256 = secretTokenSha256(sessionToken)
    const expiresAtMs = nowMs + timeouts.absoluteLifetimeMs
    this.#deps.sessions.insertSession({ idSha256: sessionSha256, accountId: account.id, createdAtMs: nowMs, lastSeenAtMs: nowMs, expiresAtMs })
    this.#log.info({ accountId: account.id, ip: attempt.ip }, 'signed in')
    return { ok: true, sessionToken, session: { account, sessionSha256, csrfToken: csrfTokenOf(sessionToken), expiresAtMs } }
  }

  signOut(sessionToken: string): void {
    this.#deps.sessions.deleteSession(secretTokenSha256(sessionToken))
  }

  /** The live session a cookie names, or null when unknown, expired, idle too long or its account disabled. */
  activeSession(sessionToken: string): ActiveSession | null {
    const sessionSha256 = secretTokenSha256(sessionToken)
    const found = this.#deps.sessions.sessionWithAccount(sessionSha256)
    if (found === null) return null
    const nowMs = this.#deps.clock.now()
    const { session, account } = found
    const { idleTimeoutMs } = this.#timeouts[account.role]
    if (session.expiresAtMs <= nowMs || session.lastSeenAtMs + idleTimeoutMs <= nowMs || account.isDisabled) {
      this.#deps.sessions.deleteSession(sessionSha256)
      return null
    }
    if (nowMs - session.lastSeenAtMs >= TOUCH_INTERVAL_MS) this.#deps.sessions.touchSession(sessionSha256, nowMs)
    return { account, sessionSha256, csrfToken: csrfTokenOf(sessionToken), expiresAtMs: session.expiresAtMs }
  }

  /** Changes the signed-in account's password; every other session of the account ends. */
  async changePassword(
    session: ActiveSession,
    change: { readonly currentPassword: string; readonly newPassword: string; readonly ip: string },
  ): Promise<PasswordChangeOutcome> {
    const { account } = session
    const throttled = this.#throttled(account.username, change.ip)
    if (throttled !== null) return throttled
    const check = await this.#deps.hasher.verify(change.currentPassword, account.passwordHash)
    if (!check.isMatch) return this.#failed(account.username, change.ip) ?? { ok: false, code: 'CURRENT_PASSWORD_WRONG' }
    const violations = passwordPolicyViolations(change.newPassword, account.username)
    if (change.newPassword === change.currentPassword) violations.push('SAME_AS_CURRENT')
    if (violations.length > 0) return { ok: false, code: 'WEAK_PASSWORD', violations }
    const passwordHash = await this.#deps.hasher.hash(change.newPassword)
    this.#deps.accounts.setPassword(account.id, {
      passwordHash,
      mustChangePassword: false,
      atMs: this.#deps.clock.now(),
      audit: { actor: { kind: 'account', id: account.id, name: account.displayName }, action: 'account.password-changed' },
      keepSessionSha256: session.sessionSha256,
    })
    return { ok: true }
  }

  #throttled(username: string, ip: string): Throttled | null {
    const nowMs = this.#deps.clock.now()
    const ipWaitMs = this.#deps.ipLimiter.retryAfterMs(ip, nowMs)
    if (ipWaitMs > 0) return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterMs: ipWaitMs }
    const lockMs = lockRemainingMs(this.#deps.sessions.signInFailures(signInUsernameKey(username)), nowMs)
    if (lockMs > 0) {
      this.#deps.ipLimiter.recordFailure(ip, nowMs)
      return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterMs: lockMs }
    }
    return null
  }

  /** Counts a wrong password; returns the lock when this failure earned one. */
  #failed(username: string, ip: string): Throttled | null {
    const nowMs = this.#deps.clock.now()
    const key = signInUsernameKey(username)
    const rules = this.#deps.lockoutRules ?? DEFAULT_SIGN_IN_LOCKOUT_RULES
    // Read again after the awaited hash: parallel attempts must each count.
    const state = afterFailedSignIn(this.#deps.sessions.signInFailures(key), nowMs, rules)
    this.#deps.sessions.recordSignInFailure(key, state)
    this.#deps.sessions.pruneSignInFailures(nowMs - rules.forgetAfterMs)
    this.#deps.ipLimiter.recordFailure(ip, nowMs)
    const lockMs = lockRemainingMs(state, nowMs)
    if (lockMs === 0) return null
    this.#log.warn({ username, ip, failedCount: state.failedCount, lockMs }, 'sign-in locked after repeated failures')
    return { ok: false, code: 'SIGN_IN_LOCKED', retryAfterMs: lockMs }
  }

  #longestIdleMs(): number {
    return Math.max(...Object.values(this.#timeouts).map((timeouts) => timeouts.idleTimeoutMs))
  }

  async #rehash(account: AccountRecord, password: string): Promise<void> {
    const passwordHash = await this.#deps.hasher.hash(password)
    this.#deps.accounts.setPassword(account.id, { passwordHash, mustChangePassword: account.mustChangePassword, atMs: this.#deps.clock.now(), audit: null, keepSessionSha256: null })
  }
}
