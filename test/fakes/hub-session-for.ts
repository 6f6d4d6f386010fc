import type BetterSqlite3 from 'better-sqlite3'
import { newSecretToken, secretTokenSha256 } from '../../hub/src/domain/accounts/secret-token.js'
import { SqliteSessionStore } from '../../hub/src/adapters/sqlite/sqlite-session-store.js'
import { sessionCookieName } from '../../hub/src/adapters/http/session-cookie.js'
import { csrfTokenOf } from '../../hub/src/services/accounts/sign-in-service.js'

/** Headers of a fresh session for an existing account (seeded accounts have no password): cookie and CSRF token. */
export function sessionHeadersFor(connection: BetterSqlite3.Database, accountId: string, nowMs: number): Record<string, string> {
  const token = newSecretToken(32)
  new SqliteSessionStore(connection).insertSession({ idSha256: secretTokenSha256(token), accountId, createdAtMs: nowMs, lastSeenAtMs: nowMs, expiresAtMs: nowMs + 12 * 60 * 60_000 })
  return { cookie: `${sessionCookieName(false)}=${token}`, 'x-csrf-token': csrfTokenOf(token) }
}
