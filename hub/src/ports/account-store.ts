import type { AuditActor } from '../adapters/sqlite/append-audit.js'
import type { HubRole } from '../domain/caller.js'
import type { AccountScope } from '../domain/accounts/account-scope.js'

export interface AccountRecord extends AccountScope {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly role: HubRole
  /** null: the account cannot sign in with a password. */
  readonly passwordHash: string | null
  readonly isDisabled: boolean
  /** Set by an admin's reset: the account may only change its password until it does. */
  readonly mustChangePassword: boolean
  readonly createdAtMs: number
  readonly passwordChangedAtMs: number | null
}

export interface AccountChanges {
  readonly displayName?: string
  readonly role?: HubRole
  readonly gridId?: string | null
  readonly checkpointEdgeId?: string | null
  readonly landlordId?: string | null
  readonly personId?: string | null
  readonly isDisabled?: boolean
}

export interface NewPassword {
  readonly passwordHash: string
  readonly mustChangePassword: boolean
  readonly atMs: number
  /** Who set it and why (`account.password-changed`, `account.password-reset`); null for a silent rehash. */
  readonly audit: { readonly actor: AuditActor; readonly action: string } | null
  /** Every other session of the account ends; this one (the caller's own) may stay. */
  readonly keepSessionSha256: string | null
}

export interface AccountListFilter {
  readonly role?: HubRole
  /** Part of the username or display name. */
  readonly search?: string
  readonly limit: number
  readonly offset: number
}

export type AccountWriteResult = { readonly ok: true } | { readonly ok: false; readonly code: 'USERNAME_TAKEN' | 'NOT_FOUND' }

/**
 * Accounts, persisted. Every write records its audit row in the same transaction. Sessions of an
 * account end in that transaction too when it is disabled or its password changes.
 */
export interface AccountStore {
  accountById(id: string): AccountRecord | null
  accountByUsername(username: string): AccountRecord | null
  listAccounts(filter: AccountListFilter): { readonly accounts: AccountRecord[]; readonly total: number }
  enabledAdminCount(): number
  /** Whether the record a scope field names exists (grids, edges, landlords, persons). */
  scopeTargetExists(field: keyof AccountScope, id: string): boolean
  insertAccount(account: AccountRecord, actor: AuditActor, atMs: number): AccountWriteResult
  updateAccount(id: string, changes: AccountChanges, actor: AuditActor, atMs: number): AccountWriteResult
  setPassword(id: string, password: NewPassword): AccountWriteResult
}
