import type BetterSqlite3 from 'better-sqlite3'
import type { SignInFailureState } from '../../domain/accounts/sign-in-lockout.js'
import type { AccountRecord } from '../../ports/account-store.js'
import type { SessionRecord, SessionStore } from '../../ports/session-store.js'
import { accountColumns, accountFromRow } from './account-rows.js'

interface SessionColumns {
  readonly session_id_sha256: string
  readonly session_created_at_ms: number
  readonly session_last_seen_at_ms: number
  readonly session_expires_at_ms: number
}

interface FailureRow {
  readonly failed_count: number
  readonly last_failed_at_ms: number
  readonly locked_until_ms: number | null
}

/** SessionStore on the hub's SQLite file (`sessions`, `sign_in_failures`). */
export class SqliteSessionStore implements SessionStore {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  insertSession(session: SessionRecord): void {
    this.#connection
      .prepare('INSERT INTO sessions (id_sha256, account_id, created_at_ms, last_seen_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(session.idSha256, session.accountId, session.createdAtMs, session.lastSeenAtMs, session.expiresAtMs)
  }

  sessionWithAccount(idSha256: string): { session: SessionRecord; account: AccountRecord } | null {
    const row = this.#connection
      .prepare(
        `SELECT s.id_sha256 AS session_id_sha256, s.created_at_ms AS session_created_at_ms,
           s.last_seen_at_ms AS session_last_seen_at_ms, s.expires_at_ms AS session_expires_at_ms, ${accountColumns('a.')}
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id_sha256 = ?`,
      )
      .get(idSha256) as (SessionColumns & Record<string, unknown>) | undefined
    if (row === undefined) return null
    const { session_id_sha256, session_created_at_ms, session_last_seen_at_ms, session_expires_at_ms, ...accountRow } = row
    const account = accountFromRow(accountRow)
    const session = {
      idSha256: session_id_sha256,
      accountId: account.id,
      createdAtMs: session_created_at_ms,
      lastSeenAtMs: session_last_seen_at_ms,
      expiresAtMs: session_expires_at_ms,
    }
    return { session, account }
  }

  touchSession(idSha256: string, atMs: number): void {
    this.#connection.prepare('UPDATE sessions SET last_seen_at_ms = max(last_seen_at_ms, ?) WHERE id_sha256 = ?').run(atMs, idSha256)
  }

  deleteSession(idSha256: string): void {
    this.#connection.prepare('DELETE FROM sessions WHERE id_sha256 = ?').run(idSha256)
  }

  deleteStaleSessions(nowMs: number, idleSinceMs: number): number {
    return this.#connection.prepare('DELETE FROM sessions WHERE expires_at_ms <= ? OR last_seen_at_ms < ?').run(nowMs, idleSinceMs).changes
  }

  signInFailures(usernameKey: string): SignInFailureState | null {
    const row = this.#connection
      .prepare('SELECT failed_count, last_failed_at_ms, locked_until_ms FROM sign_in_failures WHERE username_key = ?')
      .get(usernameKey) as FailureRow | undefined
    if (row === undefined) return null
    return { failedCount: row.failed_count, lastFailedAtMs: row.last_failed_at_ms, lockedUntilMs: row.locked_until_ms }
  }

  recordSignInFailure(usernameKey: string, state: SignInFailureState): void {
    this.#connection
      .prepare(
        `INSERT INTO sign_in_failures (username_key, failed_count, last_failed_at_ms, locked_until_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (username_key) DO UPDATE SET failed_count = excluded.failed_count,
           last_failed_at_ms = excluded.last_failed_at_ms, locked_until_ms = excluded.locked_until_ms`,
      )
      .run(usernameKey, state.failedCount, state.lastFailedAtMs, state.lockedUntilMs)
  }

  clearSignInFailures(usernameKey: string): void {
    this.#connection.prepare('DELETE FROM sign_in_failures WHERE username_key = ?').run(usernameKey)
  }

  pruneSignInFailures(beforeMs: number): void {
    this.#connection
      .prepare('DELETE FROM sign_in_failures WHERE last_failed_at_ms < ? AND (locked_until_ms IS NULL OR locked_until_ms < ?)')
      .run(beforeMs, beforeMs)
  }
}
