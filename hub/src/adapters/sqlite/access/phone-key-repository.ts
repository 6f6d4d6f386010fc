import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { phoneKeyIdentityOf } from '../../../domain/access/phone-key-id.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { duplicateKey, type CredentialRepository, type CredentialView } from './credential-repository.js'
import { SqlConditions, selectPage } from './sql-conditions.js'
import { PERSONS_IN_GRID_SQL } from './subject-places.js'

export interface PhoneKeyView {
  readonly id: string
  readonly personId: string
  readonly publicKey: string
  readonly passCredentialId: string | null
  readonly status: 'active' | 'revoked'
  readonly label: string | null
  readonly enrolledAtMs: number
  readonly revokedAtMs: number | null
  /** The phone's own credential (`phone:<id>`). */
  readonly credentialId: string | null
}

export interface PhoneKeyFilter {
  readonly personId?: string | undefined
  readonly status?: 'active' | 'revoked' | undefined
  readonly gridId?: string | undefined
}

type AccountContext = ChangeContext & { readonly accountId: string | null }

const COLUMNS = `k.id, k.person_id AS personId, k.public_key AS publicKey, k.pass_credential_id AS passCredentialId, k.status,
  k.label, k.enrolled_at_ms AS enrolledAtMs, k.revoked_at_ms AS revokedAtMs,
  (SELECT c.id FROM credentials c WHERE c.lookup_key = 'phone:' || k.id ORDER BY c.status = 'active' DESC, c.issued_at_ms DESC LIMIT 1) AS credentialId`

/**
 * Enrolled phones (the phone makes an Ed25519 key pair and registers the public half), their own
 * `phone:<keyId>` credential, and the binding of a digital entry pass to one phone (story 2, the
 * lent pass): the pass names the key (`bound_phone_key_id`) and the key names the pass
 * (`pass_credential_id`); the edge wants both sides to agree.
 */
export class PhoneKeyRepository {
  readonly #connection: BetterSqlite3.Database
  readonly #credentials: CredentialRepository

  constructor(connection: BetterSqlite3.Database, credentials: CredentialRepository) {
    this.#connection = connection
    this.#credentials = credentials
  }

  get(keyId: string): PhoneKeyView | null {
    return (this.#connection.prepare(`SELECT ${COLUMNS} FROM phone_keys k WHERE k.id = ?`).get(keyId) as PhoneKeyView | undefined) ?? null
  }

  list(filter: PhoneKeyFilter, page: PageRequest): ListPage<PhoneKeyView> {
    const conditions = new SqlConditions().addWhenGiven('k.person_id = ?', filter.personId).addWhenGiven('k.status = ?', filter.status)
    conditions.addWhenGiven(`k.person_id IN ${PERSONS_IN_GRID_SQL}`, filter.gridId)
    return selectPage<PhoneKeyView, PhoneKeyView>(this.#connection, { columns: COLUMNS, from: 'phone_keys k', orderBy: 'k.enrolled_at_ms DESC, k.id' }, conditions, page, (row) => row)
  }

  /** Registers a phone's public key for a person and issues the phone's own credential. */
  register(input: { readonly personId: string; readonly publicKey: string; readonly label: string | null }, context: AccountContext): AccessOutcome<PhoneKeyView> {
    return runAccessChange(this.#connection, () => {
      const identity = phoneKeyIdentityOf(input.publicKey)
      if (!identity.ok) return identity
      const { id } = identity.value
      const person = this.#connection.prepare('SELECT role FROM persons WHERE id = ?').get(input.personId) as { role: string } | undefined
      if (person === undefined) return accessFailure('UNKNOWN_REFERENCE', `person ${input.personId} not found`)
      if (person.role === 'visitor') return accessFailure('BAD_CREDENTIAL', 'a visitor enrols no phone; the host sends a visitor pass')
      const existing = this.#connection.prepare('SELECT id FROM phone_keys WHERE id = ? OR public_key = ?').get(id, input.publicKey)
      if (existing !== undefined) return accessFailure('PHONE_KEY_EXISTS', `phone key ${id} is registered already (a revoked phone makes a new key)`)
      const lookupKey = `phone:${id}`
      const holder = this.#credentials.activeHolderOf(lookupKey)
      if (holder !== null) return duplicateKey(lookupKey, holder)
      this.#connection
        .prepare('INSERT INTO phone_keys (id, person_id, public_key, label, enrolled_at_ms) VALUES (?, ?, ?, ?, ?)')
        .run(id, input.personId, input.publicKey, input.label, context.atMs)
      const credentialId = newId('cred')
      this.#connection
        .prepare(`INSERT INTO credentials (id, person_id, kind, lookup_key, issued_at_ms, issued_by_account_id) VALUES (?, ?, 'phone', ?, ?, ?)`)
        .run(credentialId, input.personId, lookupKey, context.atMs, context.accountId)
      auditChange(this.#connection, context, 'phone-key.registered', { kind: 'phone-key', id }, { personId: input.personId, credentialId, label: input.label })
      return accessSuccess(this.get(id)!)
    })
  }

  /**
   * A lost phone: the key and its own credential are revoked at once. A pass bound to it stays
   * bound to the revoked key, so it opens nothing until staff bind it to the new phone.
   */
  revoke(keyId: string, reason: string, context: AccountContext): AccessOutcome<PhoneKeyView> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(keyId)
      if (current === null) return accessFailure('NOT_FOUND', `phone key ${keyId} not found`)
      if (current.status === 'revoked') return accessFailure('ALREADY_REVOKED', `phone key ${keyId} was revoked already`)
      this.#connection.prepare(`UPDATE phone_keys SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(context.atMs, keyId)
      if (current.credentialId !== null) this.#credentials.markRevoked(current.credentialId, context)
      auditChange(this.#connection, context, 'phone-key.revoked', { kind: 'phone-key', id: keyId }, {
        personId: current.personId,
        credentialId: current.credentialId,
        boundPassId: current.passCredentialId,
        reason,
      })
      return accessSuccess(this.get(keyId)!)
    })
  }

  /**
   * Binds an active entry pass to an active phone key of the same person (both sides), moving the
   * pass off any phone it was bound to; `keyId` null unbinds it. A phone carries one pass: a key
   * that already carries another is refused rather than silently unbinding that pass.
   */
  bindPass(passId: string, keyId: string | null, context: AccountContext): AccessOutcome<CredentialView> {
    return runAccessChange(this.#connection, () => {
      const pass = this.#credentials.get(passId)
      if (pass === null) return accessFailure('NOT_FOUND', `credential ${passId} not found`)
      if (pass.kind !== 'entry-pass' || pass.status !== 'active') return accessFailure('BAD_BINDING', 'only an active entry pass is bound to a phone')
      if (keyId !== null) {
        const key = this.get(keyId)
        if (key === null) return accessFailure('UNKNOWN_REFERENCE', `phone key ${keyId} not found`)
        if (key.status !== 'active' || key.personId !== pass.personId) {
          return accessFailure('BAD_BINDING', "a pass is bound to an active phone of the pass holder's own")
        }
        if (key.passCredentialId !== null && key.passCredentialId !== passId) {
          return accessFailure('BAD_BINDING', `phone key ${keyId} carries pass ${key.passCredentialId}; unbind that first`)
        }
      }
      this.#connection.prepare('UPDATE phone_keys SET pass_credential_id = NULL WHERE pass_credential_id = ?').run(passId)
      this.#connection.prepare('UPDATE credentials SET bound_phone_key_id = ? WHERE id = ?').run(keyId, passId)
      if (keyId !== null) this.#connection.prepare('UPDATE phone_keys SET pass_credential_id = ? WHERE id = ?').run(passId, keyId)
      auditChange(this.#connection, context, keyId === null ? 'credential.unbound' : 'credential.bound', { kind: 'credential', id: passId }, {
        personId: pass.personId,
        from: pass.boundPhoneKeyId,
        to: keyId,
      })
      return accessSuccess(this.#credentials.get(passId)!)
    })
  }
}
