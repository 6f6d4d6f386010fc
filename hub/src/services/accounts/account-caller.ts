import type { Caller } from '../../domain/caller.js'
import type { AccountRecord } from '../../ports/account-store.js'

/** The caller an account signs in as: role and scope straight from its row, read per request. */
export function callerOfAccount(account: AccountRecord): Caller {
  return {
    accountId: account.id,
    displayName: account.displayName,
    role: account.role,
    gridId: account.gridId,
    checkpointEdgeId: account.checkpointEdgeId,
    landlordId: account.landlordId,
    personId: account.personId,
  }
}

/** An account as the API shows it: everything but the password hash. */
export function accountView(account: AccountRecord) {
  const { accountId: id, ...callerFields } = callerOfAccount(account)
  return {
    id,
    username: account.username,
    ...callerFields,
    isDisabled: account.isDisabled,
    mustChangePassword: account.mustChangePassword,
    hasPassword: account.passwordHash !== null,
    createdAtMs: account.createdAtMs,
    passwordChangedAtMs: account.passwordChangedAtMs,
  }
}

export type AccountView = ReturnType<typeof accountView>
