import { passwordPolicyViolations } from '../../domain/accounts/password-policy.js'
import { newSecretToken, secretTokenSha256 } from '../../domain/accounts/secret-token.js'
import { newId } from '../../domain/new-id.js'
import type { AccountRecord, AccountStore } from '../../ports/account-store.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { PasswordHasher } from '../../ports/password-hasher.js'
import type { SetupTokenStore } from '../../ports/setup-token-store.js'
import type { IpFailureLimiter } from './ip-failure-limiter.js'

export const DEFAULT_SETUP_TOKEN_LIFETIME_MS = 24 * 60 * 60_000

export interface FirstAdminSetupDeps {
  readonly accounts: AccountStore
  readonly setupTokens: SetupTokenStore
  readonly hasher: PasswordHasher
  readonly ipLimiter: IpFailureLimiter
  readonly clock: Clock
  readonly log: Logger
  readonly tokenLifetimeMs?: number
}

export interface IssuedSetupToken {
  /** Print it once (main.ts); the hub keeps only its SHA-256. */
  readonly token: string
  readonly expiresAtMs: number
}

export interface FirstAdminRequest {
  readonly token: string
  readonly username: string
  readonly displayName: string
  readonly password: string
  readonly ip: string
}

export type FirstAdminOutcome =
  | { readonly ok: true; readonly account: AccountRecord }
  | { readonly ok: false; readonly code: 'ALREADY_SET_UP' | 'SETUP_TOKEN_INVALID' | 'SETUP_TOKEN_EXPIRED' | 'USERNAME_TAKEN' }
  | { readonly ok: false; readonly code: 'TOO_MANY_ATTEMPTS'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly code: 'WEAK_PASSWORD'; readonly violations: string[] }

/**
 * No default passwords: a hub without an enabled admin issues a one-time setup token at start
 * (random, stored hashed, expiring); whoever holds it — the person who can read the hub's
 * console — creates the first admin with `POST /api/setup`. A new start withdraws the previous
 * token; once an admin exists no token is issued and setup is refused.
 */
export class FirstAdminSetup {
  readonly #deps: FirstAdminSetupDeps

  constructor(deps: FirstAdminSetupDeps) {
    this.#deps = deps
  }

  isSetUp(): boolean {
    return this.#deps.accounts.enabledAdminCount() > 0
  }

  /** A fresh token when no enabled admin exists (withdrawing older ones), else null. */
  issueTokenIfNeeded(): IssuedSetupToken | null {
    if (this.isSetUp()) return null
    const nowMs = this.#deps.clock.now()
    const token = newSecretToken(24)
    const expiresAtMs = nowMs + (this.#deps.tokenLifetimeMs ?? DEFAULT_SETUP_TOKEN_LIFETIME_MS)
    this.#deps.setupTokens.replaceSetupToken(secretTokenSha256(token), nowMs, expiresAtMs)
    this.#deps.log.warn({ expiresAtMs }, 'no admin account yet: a one-time setup token was issued')
    return { token, expiresAtMs }
  }

  async createFirstAdmin(request: FirstAdminRequest): Promise<FirstAdminOutcome> {
    const waitMs = this.#deps.ipLimiter.retryAfterMs(request.ip, this.#deps.clock.now())
    if (waitMs > 0) return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterMs: waitMs }
    if (this.isSetUp()) return { ok: false, code: 'ALREADY_SET_UP' }
    const violations = passwordPolicyViolations(request.password, request.username)
    if (violations.length > 0) return { ok: false, code: 'WEAK_PASSWORD', violations }
    const passwordHash = await this.#deps.hasher.hash(request.password)
    const nowMs = this.#deps.clock.now()
    const account: AccountRecord = {
      id: newId('acc'),
      username: request.username.trim(),
      displayName: request.displayName.trim(),
      role: 'admin',
      passwordHash,
      gridId: null,
      checkpointEdgeId: null,
      landlordId: null,
      personId: null,
      isDisabled: false,
      mustChangePassword: false,
      createdAtMs: nowMs,
      passwordChangedAtMs: nowMs,
    }
    const outcome = this.#deps.setupTokens.completeSetup(secretTokenSha256(request.token), account, nowMs)
    if (!outcome.ok) {
      if (outcome.code === 'SETUP_TOKEN_INVALID' || outcome.code === 'SETUP_TOKEN_EXPIRED') this.#deps.ipLimiter.recordFailure(request.ip, nowMs)
      this.#deps.log.warn({ code: outcome.code, ip: request.ip }, 'first admin setup refused')
      return outcome
    }
    this.#deps.log.info({ accountId: account.id, username: account.username }, 'first admin created with the setup token')
    return { ok: true, account }
  }
}
