import type BetterSqlite3 from 'better-sqlite3'
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { HUB_ROLES } from '../../domain/caller.js'
import type { AccountRecord } from '../../ports/account-store.js'
import { accountView } from '../../services/accounts/account-caller.js'

const NullableText = Type.Union([Type.String(), Type.Null()])

/** An `accounts` row as SQLite returns it, checked so a hand-edited row cannot pose as a role. */
const AccountRow = Type.Object({
  id: Type.String(),
  username: Type.String(),
  display_name: Type.String(),
  role: Type.Union(HUB_ROLES.map((role) => Type.Literal(role))),
  password_hash: NullableText,
  grid_id: NullableText,
  checkpoint_edge_id: NullableText,
  landlord_id: NullableText,
  person_id: NullableText,
  is_disabled: Type.Integer(),
  must_change_password: Type.Integer(),
  created_at_ms: Type.Integer(),
  password_changed_at_ms: Type.Union([Type.Integer(), Type.Null()]),
})

const accountRowCheck = TypeCompiler.Compile(AccountRow)

/** The columns of `accounts`, for SELECTs that map through accountFromRow (prefix for joins). */
export function accountColumns(prefix = ''): string {
  return Object.keys(AccountRow.properties).map((column) => `${prefix}${column}`).join(', ')
}

export function accountFromRow(row: unknown): AccountRecord {
  if (!accountRowCheck.Check(row)) {
    const problems = [...accountRowCheck.Errors(row)].map((error) => `${error.path} ${error.message}`)
    throw Object.assign(new Error(`malformed accounts row: ${problems.join('; ')}`), { code: 'ACCOUNT_ROW_MALFORMED' as const })
  }
  const r: Static<typeof AccountRow> = row
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    passwordHash: r.password_hash,
    gridId: r.grid_id,
    checkpointEdgeId: r.checkpoint_edge_id,
    landlordId: r.landlord_id,
    personId: r.person_id,
    isDisabled: r.is_disabled === 1,
    mustChangePassword: r.must_change_password === 1,
    createdAtMs: r.created_at_ms,
    passwordChangedAtMs: r.password_changed_at_ms,
  }
}

/** Inserts `account`; false when the username is taken (case-insensitively). */
export function insertAccountRow(connection: BetterSqlite3.Database, account: AccountRecord): boolean {
  const taken = connection.prepare('SELECT 1 FROM accounts WHERE username = ?').get(account.username)
  if (taken !== undefined) return false
  connection
    .prepare(
      `INSERT INTO accounts (id, username, display_name, role, password_hash, grid_id, checkpoint_edge_id, landlord_id,
         person_id, is_disabled, must_change_password, created_at_ms, password_changed_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      account.id,
      account.username,
      account.displayName,
      account.role,
      account.passwordHash,
      account.gridId,
      account.checkpointEdgeId,
      account.landlordId,
      account.personId,
      account.isDisabled ? 1 : 0,
      account.mustChangePassword ? 1 : 0,
      account.createdAtMs,
      account.passwordChangedAtMs,
    )
  return true
}

/** What the audit log may say about an account: who it is and what it may do, never its password hash. */
export function accountAuditDetail(account: AccountRecord): Record<string, unknown> {
  const { id, createdAtMs, passwordChangedAtMs, hasPassword, mustChangePassword, ...detail } = accountView(account)
  return detail
}
