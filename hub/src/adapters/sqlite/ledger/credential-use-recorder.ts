import type BetterSqlite3 from 'better-sqlite3'
import type { AccessEvent } from '../../../../../protocol/mqtt/messages/access-event.js'
import { maskCredentialKey } from '../../../../../edge/src/domain/masking.js'

/** Which credential rows (m003 `credentials.kind`) a presentation kind can be. */
const ROW_KINDS: Readonly<Record<string, readonly string[]>> = {
  card: ['card'],
  pin: ['pin'],
  pass: ['entry-pass'],
  phone: ['phone'],
  qr: ['phone', 'entry-pass', 'visitor'],
}

/**
 * Keeps `credentials.last_used_at_ms` / `last_used_door_id` (m003) up to date from the ledger.
 * An event names the person and the credential masked as the edge masks it (maskCredentialKey),
 * so the credential is the one of that person, of a matching kind, whose lookup key masks to the
 * same text — and only when exactly one does. A late event from a draining backlog never moves
 * the last use back in time.
 */
export class CredentialUseRecorder {
  readonly #candidates: BetterSqlite3.Statement<[string], { id: string; kind: string; lookup_key: string }>
  readonly #update: BetterSqlite3.Statement<[number, string, string, number]>

  constructor(connection: BetterSqlite3.Database) {
    this.#candidates = connection.prepare('SELECT id, kind, lookup_key FROM credentials WHERE person_id = ?')
    this.#update = connection.prepare(
      'UPDATE credentials SET last_used_at_ms = ?, last_used_door_id = ? WHERE id = ? AND (last_used_at_ms IS NULL OR last_used_at_ms < ?)',
    )
  }

  record(event: AccessEvent, occurredAtMs: number): void {
    const kinds = ROW_KINDS[event.credential.kind]
    if (event.personId === undefined || kinds === undefined) return
    const masked = event.credential.maskedReference
    const matching = this.#candidates
      .all(event.personId)
      .filter((row) => kinds.includes(row.kind) && maskCredentialKey(row.lookup_key) === masked)
    const [only] = matching
    if (only === undefined || matching.length > 1) return
    this.#update.run(occurredAtMs, event.doorId, only.id, occurredAtMs)
  }
}
