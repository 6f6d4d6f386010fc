import type BetterSqlite3 from 'better-sqlite3'
import type { IngestRejection, LedgerInsert, LedgerStore, NewLedgerAlarm, NewLedgerEvent } from '../../../ports/ledger-store.js'
import { isFeverEvent } from '../../../domain/ledger/alerts-from-reports.js'
import { CredentialUseRecorder } from './credential-use-recorder.js'

const DEFAULT_UTC_OFFSET_MINUTES = 480

function statementsOf(connection: BetterSqlite3.Database) {
  return {
    insertEvent: connection.prepare(
      `INSERT INTO access_events (id, edge_id, seq, door_id, occurred_at_ms, direction, lane, is_granted, reason,
         credential_kind, masked_credential, credential_key, person_id, temperature_celsius, is_fever,
         actor_kind, actor_id, actor_name, policy_version, note, payload, received_at_ms)
       VALUES (@id, @edgeId, @seq, @doorId, @occurredAtMs, @direction, @lane, @isGranted, @reason,
         @credentialKind, @maskedCredential, @credentialKey, @personId, @celsius, @isFever,
         @actorKind, @actorId, @actorName, @policyVersion, @note, @payload, @receivedAtMs)
       ON CONFLICT (id) DO NOTHING`,
    ),
    // A purge (purge-ledger-temperatures.ts) removes the reading from the stored payload: a resend
    // that differs only by that reading is still the same event.
    storedEvent: connection.prepare<[string, string], { edge_id: string; payload: string; is_same_but_purged: number }>(
      `SELECT edge_id, payload,
         (json_type(payload, '$.temperature') IS NULL AND json_remove(?, '$.temperature') = json(payload)) AS is_same_but_purged
       FROM access_events WHERE id = ?`,
    ),
    insertAlarm: connection.prepare(
      `INSERT INTO alarms (id, edge_id, seq, kind, state, at_ms, door_id, device_id, event_id, detail, payload, received_at_ms)
       VALUES (@id, @edgeId, @seq, @kind, @state, @atMs, @doorId, @deviceId, @eventId, @detail, @payload, @receivedAtMs)
       ON CONFLICT (id) DO NOTHING`,
    ),
    storedAlarm: connection.prepare<[string], { edge_id: string; payload: string }>('SELECT edge_id, payload FROM alarms WHERE id = ?'),
    progress: connection.prepare(
      `INSERT INTO edge_ledger_progress (edge_id, entries, max_seq, updated_at_ms) VALUES (?, 1, ?, ?)
       ON CONFLICT (edge_id) DO UPDATE SET entries = entries + 1, max_seq = MAX(max_seq, excluded.max_seq), updated_at_ms = excluded.updated_at_ms`,
    ),
    missing: connection.prepare<[string], { missing: number }>('SELECT max_seq - entries AS missing FROM edge_ledger_progress WHERE edge_id = ?'),
    dailyCount: connection.prepare(
      `INSERT INTO door_daily_counts (door_id, local_date, edge_id, passes, denials, fevers) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (door_id, local_date) DO UPDATE SET passes = passes + excluded.passes,
         denials = denials + excluded.denials, fevers = fevers + excluded.fevers`,
    ),
    countDenials: connection.prepare<[string, string, number, number], { count: number }>(
      `SELECT COUNT(*) AS count FROM access_events
       WHERE is_granted = 0 AND edge_id = ? AND credential_key = ? AND occurred_at_ms BETWEEN ? AND ?`,
    ),
    rejection: connection.prepare(
      `INSERT INTO ingest_rejections (edge_id, topic_kind, code, count, first_at_ms, last_at_ms, last_reason) VALUES (?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (edge_id, topic_kind, code) DO UPDATE SET count = count + 1, last_at_ms = excluded.last_at_ms, last_reason = excluded.last_reason`,
    ),
    touch: connection.prepare('UPDATE edge_status SET last_seen_at_ms = MAX(last_seen_at_ms, ?) WHERE edge_id = ?'),
    siteOffset: connection.prepare<[], { utc_offset_minutes: number }>('SELECT utc_offset_minutes FROM sites ORDER BY id LIMIT 1'),
  }
}

/**
 * The ledger in the hub's SQLite file (m006). Inserts ignore a conflict on the event or alarm id
 * only (`ON CONFLICT (id) DO NOTHING`, not `INSERT OR IGNORE`, which would also swallow a CHECK
 * failure); everything an insert implies — the edge's sequence progress, the door's daily
 * counts, the credential's last use — happens in the same statement batch, inside the caller's
 * transaction.
 */
export class SqliteLedgerStore implements LedgerStore {
  readonly #connection: BetterSqlite3.Database
  #statements: ReturnType<typeof statementsOf> | undefined
  #credentialUse: CredentialUseRecorder | undefined

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get #sql(): ReturnType<typeof statementsOf> {
    this.#statements ??= statementsOf(this.#connection)
    return this.#statements
  }

  transaction<T>(work: () => T): T {
    return this.#connection.transaction(work)()
  }

  insertEvent(row: NewLedgerEvent): LedgerInsert {
    const { event } = row
    const isFever = isFeverEvent(event)
    const result = this.#sql.insertEvent.run({
      id: event.id,
      edgeId: event.edgeId,
      seq: event.seq,
      doorId: event.doorId,
      occurredAtMs: row.occurredAtMs,
      direction: event.direction,
      lane: event.lane,
      isGranted: event.decision.granted ? 1 : 0,
      reason: event.decision.reason,
      credentialKind: event.credential.kind,
      maskedCredential: event.credential.maskedReference,
      credentialKey: row.credentialKey,
      personId: event.personId ?? null,
      celsius: event.temperature?.celsius ?? null,
      isFever: isFever ? 1 : 0,
      actorKind: event.actor?.kind ?? null,
      actorId: event.actor?.id ?? null,
      actorName: event.actor?.name ?? null,
      policyVersion: event.policyVersion,
      note: event.note ?? null,
      payload: row.payload,
      receivedAtMs: row.receivedAtMs,
    })
    if (result.changes === 0) return this.#earlier(this.#sql.storedEvent.get(row.payload, event.id), event.edgeId, row.payload)
    this.#afterInsert(event.edgeId, event.seq, row.receivedAtMs)
    const isGranted = event.decision.granted
    this.#sql.dailyCount.run(event.doorId, row.localDate, event.edgeId, isGranted ? 1 : 0, isGranted ? 0 : 1, isFever ? 1 : 0)
    this.#credentialUse ??= new CredentialUseRecorder(this.#connection)
    this.#credentialUse.record(event, row.occurredAtMs)
    return { status: 'stored', feedSeq: Number(result.lastInsertRowid) }
  }

  insertAlarm(row: NewLedgerAlarm): LedgerInsert {
    const { alarm } = row
    const result = this.#sql.insertAlarm.run({
      id: alarm.id,
      edgeId: alarm.edgeId,
      seq: alarm.seq,
      kind: alarm.kind,
      state: alarm.state,
      atMs: row.atMs,
      doorId: alarm.doorId ?? null,
      deviceId: alarm.device ?? null,
      eventId: alarm.eventId ?? null,
      detail: alarm.detail ?? null,
      payload: row.payload,
      receivedAtMs: row.receivedAtMs,
    })
    if (result.changes === 0) return this.#earlier(this.#sql.storedAlarm.get(alarm.id), alarm.edgeId, row.payload)
    this.#afterInsert(alarm.edgeId, alarm.seq, row.receivedAtMs)
    return { status: 'stored', feedSeq: Number(result.lastInsertRowid) }
  }

  countDenials(edgeId: string, credentialKey: string, fromMs: number, toMs: number): number {
    return this.#sql.countDenials.get(edgeId, credentialKey, fromMs, toMs)?.count ?? 0
  }

  missingEntries(edgeId: string): number {
    return this.#sql.missing.get(edgeId)?.missing ?? 0
  }

  countRejection(rejection: IngestRejection): void {
    const { edgeId, topicKind, code, reason, atMs } = rejection
    this.#sql.rejection.run(edgeId, topicKind, code, atMs, atMs, reason.slice(0, 500))
  }

  siteUtcOffsetMinutes(): number {
    return this.#sql.siteOffset.get()?.utc_offset_minutes ?? DEFAULT_UTC_OFFSET_MINUTES
  }

  #afterInsert(edgeId: string, seq: number, receivedAtMs: number): void {
    this.#sql.progress.run(edgeId, seq, receivedAtMs)
    this.#sql.touch.run(receivedAtMs, edgeId)
  }

  #earlier(stored: { edge_id: string; payload: string; is_same_but_purged?: number } | undefined, edgeId: string, payload: string): LedgerInsert {
    const isSame = stored !== undefined && stored.edge_id === edgeId && (stored.payload === payload || stored.is_same_but_purged === 1)
    return isSame ? { status: 'duplicate' } : { status: 'conflict' }
  }
}
