import type { AccountRecord } from './account-store.js'
import type { SignInFailureState } from '../domain/accounts/sign-in-lockout.js'

export interface SessionRecord {
  /** SHA-256 (hex) of the cookie's secret; the secret itself is never stored. */
  readonly idSha256: string
  readonly accountId: string
  readonly createdAtMs: number
  readonly lastSeenAtMs: number
  /** Absolute end, however active the session is. */
  readonly expiresAtMs: number
}

/** Sign-in sessions and the per-username failure counts that drive lockout. */
export interface SessionStore {
  insertSession(session: SessionRecord): void
  sessionWithAccount(idSha256: string): { readonly session: SessionRecord; readonly account: AccountRecord } | null
  touchSession(idSha256: string, atMs: number): void
  deleteSession(idSha256: string): void
  /** Removes sessions past their absolute end or idle since before `idleSinceMs`; returns how many. */
  deleteStaleSessions(nowMs: number, idleSinceMs: number): number
  signInFailures(usernameKey: string): SignInFailureState | null
  recordSignInFailure(usernameKey: string, state: SignInFailureState): void
  clearSignInFailures(usernameKey: string): void
  /** Forgets failure rows with no lock that were last touched before `beforeMs`. */
  pruneSignInFailures(beforeMs: number): void
}
