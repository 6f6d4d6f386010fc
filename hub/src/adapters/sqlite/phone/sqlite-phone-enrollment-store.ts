import type BetterSqlite3 from 'better-sqlite3'
import { newId } from '../../../domain/new-id.js'
import type { PhoneKeyRepository, PhoneKeyView } from '../access/phone-key-repository.js'
import { appendAudit, type AuditActor } from '../append-audit.js'

export type EnrolmentRefusalCode =
  | 'ENROLMENT_LINK_UNKNOWN'
  | 'ENROLMENT_LINK_USED'
  | 'ENROLMENT_LINK_EXPIRED'
  | 'PERSON_NOT_ENROLLABLE'
  | 'ACCOUNT_DISABLED'
  | 'BAD_PUBLIC_KEY'
  | 'PHONE_KEY_EXISTS'

export type RedeemOutcome =
  | { readonly ok: true; readonly accountId: string; readonly personId: string; readonly phoneKey: PhoneKeyView }
  | { readonly ok: false; readonly code: EnrolmentRefusalCode; readonly message: string }

export interface RedeemInput {
  readonly tokenSha256: string
  readonly publicKey: string
  readonly label: string | null
  /** The session opened for the phone (its SHA-256) and its absolute end. */
  readonly sessionSha256: string
  readonly sessionExpiresAtMs: number
  readonly atMs: number
}

/** The phone key a session was opened for, as the open route checks it. */
export interface SessionPhoneKey {
  readonly keyId: string
  readonly personId: string
  readonly publicKey: string
  readonly status: 'active' | 'revoked'
}

interface TokenRow {
  person_id: string
  expires_at_ms: number
  used_at_ms: number | null
  withdrawn_at_ms: number | null
}

const ENROLMENT_ACTOR_NAME = 'phone enrolment'

class Refusal extends Error {
  constructor(
    readonly code: EnrolmentRefusalCode,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Phone enrolment on the hub's SQLite file (m009): one-time enrolment links (hashed), trading one
 * for the resident's account (created without a password when the person has none), the phone's
 * registered key and a session bound to that key, all in one transaction with their audit rows;
 * and the nonces of signed phone requests already accepted.
 */
export class SqlitePhoneEnrollmentStore {
  readonly #connection: BetterSqlite3.Database
  readonly #phoneKeys: PhoneKeyRepository

  constructor(connection: BetterSqlite3.Database, phoneKeys: PhoneKeyRepository) {
    this.#connection = connection
    this.#phoneKeys = phoneKeys
  }

  /** Stores a new link for the person, withdrawing the person's older unused ones. */
  issue(input: { readonly personId: string; readonly tokenSha256: string; readonly expiresAtMs: number; readonly atMs: number; readonly actor: AuditActor }): void {
    this.#connection
      .transaction(() => {
        this.#connection
          .prepare('UPDATE phone_enrollment_tokens SET withdrawn_at_ms = ? WHERE person_id = ? AND used_at_ms IS NULL AND withdrawn_at_ms IS NULL')
          .run(input.atMs, input.personId)
        this.#connection
          .prepare('INSERT INTO phone_enrollment_tokens (token_sha256, person_id, issued_by_account_id, issued_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)')
          .run(input.tokenSha256, input.personId, input.actor.id, input.atMs, input.expiresAtMs)
        appendAudit(this.#connection, {
          actor: input.actor,
          action: 'phone-enrolment.issued',
          subjectKind: 'person',
          subjectId: input.personId,
          detail: { expiresAtMs: input.expiresAtMs },
          atMs: input.atMs,
        })
      })
      .immediate()
  }

  /** Trades a link for account, phone key and session; a refusal changes nothing. */
  redeem(input: RedeemInput): RedeemOutcome {
    try {
      return this.#connection.transaction(() => this.#redeem(input)).immediate()
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message }
      throw error
    }
  }

  sessionPhoneKey(sessionSha256: string): SessionPhoneKey | null {
    const row = this.#connection
      .prepare(
        `SELECT k.id AS keyId, k.person_id AS personId, k.public_key AS publicKey, k.status
         FROM phone_sessions s JOIN phone_keys k ON k.id = s.phone_key_id WHERE s.session_sha256 = ?`,
      )
      .get(sessionSha256) as SessionPhoneKey | undefined
    return row ?? null
  }

  /** Remembers an accepted request nonce; false when it was seen within the window already. Forgets older ones. */
  acceptNonce(keyId: string, nonce: string, atMs: number, forgetBeforeMs: number): boolean {
    return this.#connection
      .transaction(() => {
        this.#connection.prepare('DELETE FROM phone_request_nonces WHERE seen_at_ms < ?').run(forgetBeforeMs)
        const inserted = this.#connection.prepare('INSERT OR IGNORE INTO phone_request_nonces (phone_key_id, nonce, seen_at_ms) VALUES (?, ?, ?)').run(keyId, nonce, atMs)
        return inserted.changes === 1
      })
      .immediate()
  }

  #redeem(input: RedeemInput): RedeemOutcome {
    const token = this.#connection
      .prepare('SELECT person_id, expires_at_ms, used_at_ms, withdrawn_at_ms FROM phone_enrollment_tokens WHERE token_sha256 = ?')
      .get(input.tokenSha256) as TokenRow | undefined
    if (token === undefined || token.withdrawn_at_ms !== null) throw new Refusal('ENROLMENT_LINK_UNKNOWN', 'this enrolment link is not known (or a newer one replaced it)')
    if (token.used_at_ms !== null) throw new Refusal('ENROLMENT_LINK_USED', 'this enrolment link was used already; ask the community office for a new one')
    if (token.expires_at_ms <= input.atMs) throw new Refusal('ENROLMENT_LINK_EXPIRED', 'this enrolment link has expired; ask the community office for a new one')
    const person = this.#connection.prepare('SELECT id, display_name AS name, role, status FROM persons WHERE id = ?').get(token.person_id) as
      | { id: string; name: string; role: string; status: string }
      | undefined
    if (person === undefined || person.role === 'visitor' || person.status !== 'active') {
      throw new Refusal('PERSON_NOT_ENROLLABLE', 'the person this link was made for cannot enrol a phone now')
    }
    const account = this.#residentAccount(person, input.atMs)
    const actor: AuditActor = { kind: 'account', id: account.id, name: account.name }
    const registered = this.#phoneKeys.register({ personId: person.id, publicKey: input.publicKey, label: input.label }, { actor, atMs: input.atMs, accountId: account.id })
    if (!registered.ok) {
      const code = registered.code === 'PHONE_KEY_EXISTS' ? 'PHONE_KEY_EXISTS' : 'BAD_PUBLIC_KEY'
      throw new Refusal(code, registered.message)
    }
    const keyId = registered.value.id
    this.#connection.prepare('UPDATE phone_enrollment_tokens SET used_at_ms = ?, phone_key_id = ? WHERE token_sha256 = ?').run(input.atMs, keyId, input.tokenSha256)
    this.#connection
      .prepare('INSERT INTO sessions (id_sha256, account_id, created_at_ms, last_seen_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(input.sessionSha256, account.id, input.atMs, input.atMs, input.sessionExpiresAtMs)
    this.#connection.prepare('INSERT INTO phone_sessions (session_sha256, phone_key_id) VALUES (?, ?)').run(input.sessionSha256, keyId)
    appendAudit(this.#connection, { actor, action: 'phone.enrolled', subjectKind: 'person', subjectId: person.id, detail: { phoneKeyId: keyId, accountId: account.id }, atMs: input.atMs })
    return { ok: true, accountId: account.id, personId: person.id, phoneKey: registered.value }
  }

  /** The person's resident account, created without a password (phone sign-in only) when there is none. */
  #residentAccount(person: { id: string; name: string }, atMs: number): { id: string; name: string } {
    const existing = this.#connection
      .prepare("SELECT id, display_name AS name, is_disabled AS isDisabled FROM accounts WHERE person_id = ? AND role = 'resident' ORDER BY created_at_ms LIMIT 1")
      .get(person.id) as { id: string; name: string; isDisabled: number } | undefined
    if (existing !== undefined) {
      if (existing.isDisabled === 1) throw new Refusal('ACCOUNT_DISABLED', 'the resident account is disabled; ask the community office')
      return { id: existing.id, name: existing.name }
    }
    const id = newId('acc')
    const username = `phone-${id}`.slice(0, 64)
    this.#connection
      .prepare("INSERT INTO accounts (id, username, display_name, role, password_hash, person_id, created_at_ms) VALUES (?, ?, ?, 'resident', NULL, ?, ?)")
      .run(id, username, person.name, person.id, atMs)
    appendAudit(this.#connection, {
      actor: { kind: 'system', id: 'phone-enrolment', name: ENROLMENT_ACTOR_NAME },
      action: 'account.created',
      subjectKind: 'account',
      subjectId: id,
      detail: { role: 'resident', personId: person.id, username, hasPassword: false },
      atMs,
    })
    return { id, name: person.name }
  }
}
