import type { AccountRecord } from './account-store.js'

export type SetupOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'ALREADY_SET_UP' | 'SETUP_TOKEN_INVALID' | 'SETUP_TOKEN_EXPIRED' | 'USERNAME_TAKEN' }

/** The one-time token that creates the first admin. */
export interface SetupTokenStore {
  /** Withdraws every unspent token and stores this one (SHA-256 only). */
  replaceSetupToken(tokenSha256: string, issuedAtMs: number, expiresAtMs: number): void
  /**
   * In one transaction: refuses when an enabled admin exists or the token is unknown, spent,
   * withdrawn or expired; otherwise spends it, inserts `admin` and audits with actor 'setup'.
   */
  completeSetup(tokenSha256: string, admin: AccountRecord, nowMs: number): SetupOutcome
}
