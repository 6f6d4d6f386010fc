import type BetterSqlite3 from 'better-sqlite3'
import type { AccountScope } from '../../domain/accounts/account-scope.js'
import type {
  AccountChanges,
  AccountListFilter,
  AccountRecord,
  AccountStore,
  AccountWriteResult,
  NewPassword,
} from '../../ports/account-store.js'
import { accountAuditDetail, accountColumns, accountFromRow, insertAccountRow } from './account-rows.js'
import { appendAudit, type AuditActor } from './append-audit.js'

const SCOPE_TABLES: Readonly<Record<keyof AccountScope, string>> = {
  gridId: 'grids',
  checkpointEdgeId: 'edges',
  landlordId: 'landlords',
  personId: 'persons',
}

const CHANGE_COLUMNS: Readonly<Record<keyof AccountChanges, string>> = {
  displayName: 'display_name',
  role: 'role',
  gridId: 'grid_id',
  checkpointEdgeId: 'checkpoint_edge_id',
  landlordId: 'landlord_id',
  personId: 'person_id',
  isDisabled: 'is_disabled',
}

const NOT_FOUND: AccountWriteResult = { ok: false, code: 'NOT_FOUND' }

/** AccountStore on the hub's SQLite file (`accounts`, ending `sessions` where a change requires). */
export class SqliteAccountStore implements AccountStore {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  accountById(id: string): AccountRecord | null {
    const row = this.#connection.prepare(`SELECT ${accountColumns()} FROM accounts WHERE id = ?`).get(id)
    return row === undefined ? null : accountFromRow(row)
  }

  accountByUsername(username: string): AccountRecord | null {
    const row = this.#connection.prepare(`SELECT ${accountColumns()} FROM accounts WHERE username = ?`).get(username)
    return row === undefined ? null : accountFromRow(row)
  }

  listAccounts(filter: AccountListFilter): { accounts: AccountRecord[]; total: number } {
    const conditions: string[] = []
    const values: unknown[] = []
    if (filter.role !== undefined) {
      conditions.push('role = ?')
      values.push(filter.role)
    }
    if (filter.search !== undefined && filter.search !== '') {
      conditions.push(`(username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')`)
      const pattern = `%${filter.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
      values.push(pattern, pattern)
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
    const rows = this.#connection
      .prepare(`SELECT ${accountColumns()} FROM accounts ${where} ORDER BY username LIMIT ? OFFSET ?`)
      .all(...values, filter.limit, filter.offset)
    const total = this.#connection.prepare(`SELECT count(*) AS n FROM accounts ${where}`).pluck().get(...values)
    return { accounts: rows.map(accountFromRow), total: Number(total) }
  }

  enabledAdminCount(): number {
    return Number(this.#connection.prepare(`SELECT count(*) FROM accounts WHERE role = 'admin' AND is_disabled = 0`).pluck().get())
  }

  scopeTargetExists(field: keyof AccountScope, id: string): boolean {
    return this.#connection.prepare(`SELECT 1 FROM ${SCOPE_TABLES[field]} WHERE id = ?`).get(id) !== undefined
  }

  insertAccount(account: AccountRecord, actor: AuditActor, atMs: number): AccountWriteResult {
    return this.#connection.transaction((): AccountWriteResult => {
      if (!insertAccountRow(this.#connection, account)) return { ok: false, code: 'USERNAME_TAKEN' }
      appendAudit(this.#connection, { actor, action: 'account.created', subjectKind: 'account', subjectId: account.id, detail: accountAuditDetail(account), atMs })
      return { ok: true }
    }).immediate()
  }

  updateAccount(id: string, changes: AccountChanges, actor: AuditActor, atMs: number): AccountWriteResult {
    return this.#connection.transaction((): AccountWriteResult => {
      const before = this.accountById(id)
      if (before === null) return NOT_FOUND
      const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [keyof AccountChanges, unknown][]
      if (entries.length === 0) return { ok: true }
      const assignments = entries.map(([field]) => `${CHANGE_COLUMNS[field]} = ?`).join(', ')
      const values = entries.map(([, value]) => (typeof value === 'boolean' ? (value ? 1 : 0) : value))
      this.#connection.prepare(`UPDATE accounts SET ${assignments} WHERE id = ?`).run(...values, id)
      if (changes.isDisabled === true) this.#connection.prepare('DELETE FROM sessions WHERE account_id = ?').run(id)
      const detail = { before: accountAuditDetail(before), changes }
      appendAudit(this.#connection, { actor, action: 'account.updated', subjectKind: 'account', subjectId: id, detail, atMs })
      return { ok: true }
    }).immediate()
  }

  setPassword(id: string, password: NewPassword): AccountWriteResult {
    return this.#connection.transaction((): AccountWriteResult => {
      const changed = this.#connection
        .prepare(
          `UPDATE accounts SET password_hash = ?, must_change_password = ?,
             password_changed_at_ms = CASE WHEN ? THEN ? ELSE password_changed_at_ms END
           WHERE id = ?`,
        )
        // A rehash (no audit) keeps the same password, so it is not a change of password.
        .run(password.passwordHash, password.mustChangePassword ? 1 : 0, password.audit === null ? 0 : 1, password.atMs, id)
      if (changed.changes === 0) return NOT_FOUND
      if (password.audit === null) return { ok: true }
      this.#connection
        .prepare('DELETE FROM sessions WHERE account_id = ? AND id_sha256 IS NOT ?')
        .run(id, password.keepSessionSha256)
      const detail = { mustChangePassword: password.mustChangePassword }
      appendAudit(this.#connection, { actor: password.audit.actor, action: password.audit.action, subjectKind: 'account', subjectId: id, detail, atMs: password.atMs })
      return { ok: true }
    }).immediate()
  }
}
