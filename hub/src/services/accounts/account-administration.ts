import { accountScopeViolations, type AccountScope } from '../../domain/accounts/account-scope.js'
import { newTemporaryPassword } from '../../domain/accounts/secret-token.js'
import { signInUsernameKey } from '../../domain/accounts/sign-in-lockout.js'
import type { Caller, HubRole } from '../../domain/caller.js'
import { newId } from '../../domain/new-id.js'
import type { AccountChanges, AccountListFilter, AccountRecord, AccountStore } from '../../ports/account-store.js'
import type { Clock } from '../../ports/clock.js'
import type { PasswordHasher } from '../../ports/password-hasher.js'
import type { SessionStore } from '../../ports/session-store.js'

export interface AccountAdministrationDeps {
  readonly accounts: AccountStore
  readonly sessions: SessionStore
  readonly hasher: PasswordHasher
  readonly clock: Clock
}

export interface NewAccountRequest extends Partial<AccountScope> {
  readonly username: string
  readonly displayName: string
  readonly role: HubRole
}

type Refusal<Code extends string> = { readonly ok: false; readonly code: Code }
type ScopeRefusal = { readonly ok: false; readonly code: 'INVALID_SCOPE'; readonly violations: string[] }

export type AccountCreation = { readonly ok: true; readonly account: AccountRecord; readonly temporaryPassword: string } | ScopeRefusal | Refusal<'USERNAME_TAKEN'>
export type AccountUpdate = { readonly ok: true; readonly account: AccountRecord } | ScopeRefusal | Refusal<'NOT_FOUND' | 'LAST_ADMIN'>
export type PasswordReset = { readonly ok: true; readonly temporaryPassword: string } | Refusal<'NOT_FOUND'>

const SCOPE_FIELDS: readonly (keyof AccountScope)[] = ['gridId', 'checkpointEdgeId', 'landlordId', 'personId']

function actorOf(caller: Caller) {
  return { kind: 'account' as const, id: caller.accountId, name: caller.displayName }
}

/**
 * What an admin does to accounts: create (with a one-time temporary password), change role,
 * scope or name, disable, reset a password. Routes check that the caller is an admin; this
 * checks the account itself stays coherent (scope fits the role and exists) and that the last
 * enabled admin is never demoted or disabled. Every change is audited by the store.
 */
export class AccountAdministration {
  readonly #deps: AccountAdministrationDeps

  constructor(deps: AccountAdministrationDeps) {
    this.#deps = deps
  }

  list(filter: AccountListFilter): { accounts: AccountRecord[]; total: number } {
    return this.#deps.accounts.listAccounts(filter)
  }

  get(id: string): AccountRecord | null {
    return this.#deps.accounts.accountById(id)
  }

  async create(caller: Caller, request: NewAccountRequest): Promise<AccountCreation> {
    const scope = { gridId: request.gridId ?? null, checkpointEdgeId: request.checkpointEdgeId ?? null, landlordId: request.landlordId ?? null, personId: request.personId ?? null }
    const violations = this.#scopeViolations(request.role, scope)
    if (violations.length > 0) return { ok: false, code: 'INVALID_SCOPE', violations }
    const temporaryPassword = newTemporaryPassword()
    const passwordHash = await this.#deps.hasher.hash(temporaryPassword)
    const nowMs = this.#deps.clock.now()
    const account: AccountRecord = {
      id: newId('acc'),
      username: request.username.trim(),
      displayName: request.displayName.trim(),
      role: request.role,
      passwordHash,
      ...scope,
      isDisabled: false,
      mustChangePassword: true,
      createdAtMs: nowMs,
      passwordChangedAtMs: nowMs,
    }
    const written = this.#deps.accounts.insertAccount(account, actorOf(caller), nowMs)
    if (!written.ok) return { ok: false, code: 'USERNAME_TAKEN' }
    return { ok: true, account, temporaryPassword }
  }

  update(caller: Caller, id: string, changes: AccountChanges): AccountUpdate {
    const before = this.#deps.accounts.accountById(id)
    if (before === null) return { ok: false, code: 'NOT_FOUND' }
    const role = changes.role ?? before.role
    const scope = Object.fromEntries(SCOPE_FIELDS.map((field) => [field, changes[field] === undefined ? before[field] : changes[field]])) as unknown as AccountScope
    const violations = this.#scopeViolations(role, scope)
    if (violations.length > 0) return { ok: false, code: 'INVALID_SCOPE', violations }
    const staysEnabledAdmin = role === 'admin' && !(changes.isDisabled ?? before.isDisabled)
    const isEnabledAdmin = before.role === 'admin' && !before.isDisabled
    if (isEnabledAdmin && !staysEnabledAdmin && this.#deps.accounts.enabledAdminCount() <= 1) return { ok: false, code: 'LAST_ADMIN' }
    const displayName = changes.displayName?.trim()
    const written = this.#deps.accounts.updateAccount(id, { ...changes, ...(displayName === undefined ? {} : { displayName }) }, actorOf(caller), this.#deps.clock.now())
    if (!written.ok) return { ok: false, code: 'NOT_FOUND' }
    return { ok: true, account: this.#deps.accounts.accountById(id)! }
  }

  /** Replaces the password with a one-time one, ends every session of the account and lifts a sign-in lock. */
  async resetPassword(caller: Caller, id: string): Promise<PasswordReset> {
    const account = this.#deps.accounts.accountById(id)
    if (account === null) return { ok: false, code: 'NOT_FOUND' }
    const temporaryPassword = newTemporaryPassword()
    const passwordHash = await this.#deps.hasher.hash(temporaryPassword)
    const written = this.#deps.accounts.setPassword(id, {
      passwordHash,
      mustChangePassword: true,
      atMs: this.#deps.clock.now(),
      audit: { actor: actorOf(caller), action: 'account.password-reset' },
      keepSessionSha256: null,
    })
    if (!written.ok) return { ok: false, code: 'NOT_FOUND' }
    this.#deps.sessions.clearSignInFailures(signInUsernameKey(account.username))
    return { ok: true, temporaryPassword }
  }

  #scopeViolations(role: HubRole, scope: AccountScope): string[] {
    const violations = accountScopeViolations(role, scope)
    for (const field of SCOPE_FIELDS) {
      const id = scope[field]
      if (id !== null && !this.#deps.accounts.scopeTargetExists(field, id)) violations.push(`${field} ${id} does not exist`)
    }
    return violations
  }
}
