import type BetterSqlite3 from 'better-sqlite3'
import type { AccountRecord } from '../../ports/account-store.js'
import type { SetupOutcome, SetupTokenStore } from '../../ports/setup-token-store.js'
import { accountAuditDetail, insertAccountRow } from './account-rows.js'
import { appendAudit } from './append-audit.js'

interface TokenRow {
  readonly expires_at_ms: number
  readonly used_at_ms: number | null
  readonly withdrawn_at_ms: number | null
}

/** The audit actor of the first admin's creation: whoever held the printed setup token. */
export const SETUP_AUDIT_ACTOR = { kind: 'setup', id: 'setup-token', name: 'setup token' } as const

/** SetupTokenStore on the hub's SQLite file (`setup_tokens`, `accounts`, `audit_log`). */
export class SqliteSetupTokenStore implements SetupTokenStore {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  replaceSetupToken(tokenSha256: string, issuedAtMs: number, expiresAtMs: number): void {
    this.#connection.transaction(() => {
      this.#connection
        .prepare('UPDATE setup_tokens SET withdrawn_at_ms = ? WHERE used_at_ms IS NULL AND withdrawn_at_ms IS NULL')
        .run(issuedAtMs)
      this.#connection
        .prepare('INSERT INTO setup_tokens (token_sha256, issued_at_ms, expires_at_ms) VALUES (?, ?, ?)')
        .run(tokenSha256, issuedAtMs, expiresAtMs)
    }).immediate()
  }

  completeSetup(tokenSha256: string, admin: AccountRecord, nowMs: number): SetupOutcome {
    return this.#connection.transaction((): SetupOutcome => {
      const adminCount = this.#connection.prepare(`SELECT count(*) FROM accounts WHERE role = 'admin' AND is_disabled = 0`).pluck().get()
      if (Number(adminCount) > 0) return { ok: false, code: 'ALREADY_SET_UP' }
      const token = this.#connection
        .prepare('SELECT expires_at_ms, used_at_ms, withdrawn_at_ms FROM setup_tokens WHERE token_sha256 = ?')
        .get(tokenSha256) as TokenRow | undefined
      if (token === undefined || token.used_at_ms !== null || token.withdrawn_at_ms !== null) return { ok: false, code: 'SETUP_TOKEN_INVALID' }
      if (token.expires_at_ms <= nowMs) return { ok: false, code: 'SETUP_TOKEN_EXPIRED' }
      if (!insertAccountRow(this.#connection, admin)) return { ok: false, code: 'USERNAME_TAKEN' }
      this.#connection.prepare('UPDATE setup_tokens SET used_at_ms = ? WHERE token_sha256 = ?').run(nowMs, tokenSha256)
      appendAudit(this.#connection, {
        actor: SETUP_AUDIT_ACTOR,
        action: 'account.created',
        subjectKind: 'account',
        subjectId: admin.id,
        detail: { ...accountAuditDetail(admin), via: 'setup-token' },
        atMs: nowMs,
      })
      return { ok: true }
    }).immediate()
  }
}
