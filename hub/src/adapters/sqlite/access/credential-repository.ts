import type BetterSqlite3 from 'better-sqlite3'
import type { PolicyCredentialKind } from '../../../../../protocol/policy/policy-credential.js'
import { maskCredentialKey } from '../../../../../edge/src/domain/masking.js'
import { accessFailure, accessSuccess, type AccessFailure, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { issuedCredentialKey, type IssuedCredentialRead } from '../../../domain/access/issued-credential-key.js'
import { checkValidityWindow } from '../../../domain/access/validity-window.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'
import { PERSONS_IN_GRID_SQL } from './subject-places.js'

export interface CredentialView {
  readonly id: string
  readonly personId: string
  readonly personName: string
  readonly kind: PolicyCredentialKind
  /** The full key (card number, PIN ...): the HTTP layer decides who may see it. */
  readonly lookupKey: string
  readonly status: 'active' | 'revoked'
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
  readonly boundPhoneKeyId: string | null
  readonly hostPersonId: string | null
  readonly hostBuildingId: string | null
  readonly issuedAtMs: number
  readonly issuedByAccountId: string | null
  readonly revokedAtMs: number | null
  readonly revokedByAccountId: string | null
  readonly lastUsedAtMs: number | null
  readonly lastUsedDoorId: string | null
  readonly lastUsedDoorName: string | null
}

export interface CredentialFilter {
  readonly personId?: string | undefined
  readonly kind?: PolicyCredentialKind | undefined
  readonly status?: 'active' | 'revoked' | undefined
  readonly hostPersonId?: string | undefined
  /** Holder in this grid, or (visitor passes) host in this grid. */
  readonly gridId?: string | undefined
  readonly lookupKey?: string | undefined
}

export interface IssueCredential {
  readonly personId: string
  readonly read: IssuedCredentialRead
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
}

export const CREDENTIAL_COLUMNS = `c.id, c.person_id AS personId, p.display_name AS personName, c.kind, c.lookup_key AS lookupKey, c.status,
  c.valid_from_ms AS validFromMs, c.valid_until_ms AS validUntilMs, c.bound_phone_key_id AS boundPhoneKeyId,
  c.host_person_id AS hostPersonId, c.host_building_id AS hostBuildingId, c.issued_at_ms AS issuedAtMs,
  c.issued_by_account_id AS issuedByAccountId, c.revoked_at_ms AS revokedAtMs, c.revoked_by_account_id AS revokedByAccountId,
  c.last_used_at_ms AS lastUsedAtMs, c.last_used_door_id AS lastUsedDoorId, d.name AS lastUsedDoorName`
export const CREDENTIAL_FROM = 'credentials c JOIN persons p ON p.id = c.person_id LEFT JOIN doors d ON d.id = c.last_used_door_id'

/**
 * Cards, PINs and entry passes issued at the office, and every credential's status and last use
 * (the ingest side stamps last_used_*). At most one ACTIVE credential per lookup key (the m003
 * unique partial index): a second is refused DUPLICATE_LOOKUP_KEY, a revoked one does not count.
 */
export class CredentialRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(credentialId: string): CredentialView | null {
    return (this.#connection.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM ${CREDENTIAL_FROM} WHERE c.id = ?`).get(credentialId) as CredentialView | undefined) ?? null
  }

  list(filter: CredentialFilter, page: PageRequest): ListPage<CredentialView> {
    const conditions = new SqlConditions()
      .addWhenGiven('c.person_id = ?', filter.personId)
      .addWhenGiven('c.kind = ?', filter.kind)
      .addWhenGiven('c.status = ?', filter.status)
      .addWhenGiven('c.host_person_id = ?', filter.hostPersonId)
      .addWhenGiven('c.lookup_key = ?', filter.lookupKey)
    if (filter.gridId !== undefined) {
      conditions.add(`(c.person_id IN ${PERSONS_IN_GRID_SQL} OR c.host_person_id IN ${PERSONS_IN_GRID_SQL})`, filter.gridId, filter.gridId)
    }
    return selectPage<CredentialView, CredentialView>(
      this.#connection,
      { columns: CREDENTIAL_COLUMNS, from: CREDENTIAL_FROM, countFrom: 'credentials c', orderBy: 'c.issued_at_ms DESC, c.id' },
      conditions,
      page,
      (row) => row,
    )
  }

  issue(input: IssueCredential, context: ChangeContext & { readonly accountId: string | null }): AccessOutcome<CredentialView> {
    return runAccessChange(this.#connection, () => {
      const key = issuedCredentialKey(input.read)
      if (!key.ok) return key
      const window = checkValidityWindow(input)
      if (!window.ok) return window
      const person = this.#connection.prepare('SELECT role FROM persons WHERE id = ?').get(input.personId) as { role: string } | undefined
      if (person === undefined) return accessFailure('UNKNOWN_REFERENCE', `person ${input.personId} not found`)
      if (person.role === 'visitor') return accessFailure('BAD_CREDENTIAL', 'a visitor gets a visitor pass, not a card, PIN or entry pass')
      const duplicate = this.activeHolderOf(key.value)
      if (duplicate !== null) return duplicateKey(key.value, duplicate)
      const id = newId('cred')
      this.#connection
        .prepare(
          `INSERT INTO credentials (id, person_id, kind, lookup_key, valid_from_ms, valid_until_ms, issued_at_ms, issued_by_account_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.personId, input.read.kind, key.value, input.validFromMs, input.validUntilMs, context.atMs, context.accountId)
      auditChange(this.#connection, context, 'credential.issued', { kind: 'credential', id }, {
        personId: input.personId,
        credentialKind: input.read.kind,
        reference: maskCredentialKey(key.value),
      })
      return accessSuccess(this.get(id)!)
    })
  }

  /**
   * Revokes a credential (who and when are kept on the row and in the audit log). Revoking a
   * phone's own credential revokes the phone key with it: a lost phone opens nothing. A revoked
   * entry pass keeps naming its phone, but the phone no longer carries it.
   */
  revoke(credentialId: string, reason: string, context: ChangeContext & { readonly accountId: string | null }): AccessOutcome<CredentialView> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(credentialId)
      if (current === null) return accessFailure('NOT_FOUND', `credential ${credentialId} not found`)
      if (current.status === 'revoked') return accessFailure('ALREADY_REVOKED', `credential ${credentialId} was revoked already`)
      this.markRevoked(credentialId, context)
      if (current.kind === 'phone') {
        this.#connection
          .prepare(`UPDATE phone_keys SET status = 'revoked', revoked_at_ms = ? WHERE id = ? AND status = 'active'`)
          .run(context.atMs, current.lookupKey.slice('phone:'.length))
      }
      // A revoked pass frees the phone that carried it for another pass.
      this.#connection.prepare('UPDATE phone_keys SET pass_credential_id = NULL WHERE pass_credential_id = ?').run(credentialId)
      auditChange(this.#connection, context, 'credential.revoked', { kind: 'credential', id: credentialId }, {
        personId: current.personId,
        credentialKind: current.kind,
        reference: maskCredentialKey(current.lookupKey),
        reason,
      })
      return accessSuccess(this.get(credentialId)!)
    })
  }

  /** Inside a change: sets the row revoked by the context's account (no audit row of its own). */
  markRevoked(credentialId: string, context: ChangeContext & { readonly accountId: string | null }): void {
    this.#connection
      .prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ?, revoked_by_account_id = ? WHERE id = ? AND status = 'active'`)
      .run(context.atMs, context.accountId, credentialId)
  }

  /** The id of the active credential with this lookup key, or null. */
  activeHolderOf(lookupKey: string): string | null {
    const row = this.#connection.prepare(`SELECT id FROM credentials WHERE lookup_key = ? AND status = 'active'`).get(lookupKey) as { id: string } | undefined
    return row?.id ?? null
  }
}

export function duplicateKey(lookupKey: string, existingId: string): AccessFailure {
  return accessFailure('DUPLICATE_LOOKUP_KEY', `${maskCredentialKey(lookupKey)} is already active on credential ${existingId}; revoke that one first`)
}
