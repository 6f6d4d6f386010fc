import type BetterSqlite3 from 'better-sqlite3'
import type { LedgerEventRecord } from '../../../domain/ledger/ledger-event-view.js'
import type { AlertStore } from '../../../ports/alert-store.js'
import type { EdgeStatusStore } from '../../../ports/edge-status-store.js'
import type { Checkpoint, CheckpointDoor, EventFilter, IngestRejectionCount, LedgerQueries } from '../../../ports/ledger-queries.js'

interface EventRow {
  feed_seq: number
  id: string
  edge_id: string
  seq: number
  door_id: string
  occurred_at_ms: number
  received_at_ms: number
  direction: string
  lane: string
  is_granted: number
  reason: string
  credential_kind: string
  masked_credential: string
  person_id: string | null
  temperature_celsius: number | null
  is_fever: number
  actor_kind: string | null
  actor_id: string | null
  actor_name: string | null
  policy_version: number
  note: string | null
}

const EVENT_COLUMNS = `feed_seq, id, edge_id, seq, door_id, occurred_at_ms, received_at_ms, direction, lane, is_granted, reason,
  credential_kind, masked_credential, person_id, temperature_celsius, is_fever, actor_kind, actor_id, actor_name, policy_version, note`

function recordOf(row: EventRow): LedgerEventRecord {
  return {
    feedSeq: row.feed_seq,
    id: row.id,
    edgeId: row.edge_id,
    seq: row.seq,
    doorId: row.door_id,
    occurredAtMs: row.occurred_at_ms,
    receivedAtMs: row.received_at_ms,
    direction: row.direction,
    lane: row.lane,
    isGranted: row.is_granted === 1,
    reason: row.reason,
    credentialKind: row.credential_kind,
    maskedCredential: row.masked_credential,
    personId: row.person_id,
    celsius: row.temperature_celsius,
    isFever: row.is_fever === 1,
    actor: row.actor_kind === null || row.actor_id === null ? null : { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
    policyVersion: row.policy_version,
    note: row.note,
  }
}

type Condition = readonly [sql: string, value: string | number | undefined]

/** The ledger's queries (m006), with m003's edges and doors and, when present, m005's policy_edges. */
export class SqliteLedgerQueries implements LedgerQueries {
  readonly #connection: BetterSqlite3.Database
  readonly #statuses: EdgeStatusStore
  readonly #alerts: AlertStore

  constructor(connection: BetterSqlite3.Database, statuses: EdgeStatusStore, alerts: AlertStore) {
    this.#connection = connection
    this.#statuses = statuses
    this.#alerts = alerts
  }

  events(filter: EventFilter): LedgerEventRecord[] {
    const conditions: Condition[] = [
      ['edge_id = ?', filter.edgeId],
      ['door_id = ?', filter.doorId],
      ['is_granted = ?', filter.outcome === undefined ? undefined : filter.outcome === 'granted' ? 1 : 0],
      ['reason = ?', filter.reason],
      ['person_id = ?', filter.personId],
      ['temperature_celsius IS NOT NULL OR is_fever = ?', filter.temperature === 'measured' ? 1 : undefined],
      ['is_fever = ?', filter.temperature === 'fever' ? 1 : undefined],
      ['occurred_at_ms >= ?', filter.fromMs],
      ['occurred_at_ms < ?', filter.toMs],
      ['feed_seq < ?', filter.beforeFeedSeq],
    ]
    const present = conditions.filter((condition): condition is readonly [string, string | number] => condition[1] !== undefined)
    const where = present.length === 0 ? '' : `WHERE ${present.map(([sql]) => `(${sql})`).join(' AND ')}`
    return this.#connection
      .prepare<Array<string | number>, EventRow>(`SELECT ${EVENT_COLUMNS} FROM access_events ${where} ORDER BY feed_seq DESC LIMIT ?`)
      .all(...present.map(([, value]) => value), filter.limit)
      .map(recordOf)
  }

  eventsAfter(afterFeedSeq: number, limit: number, edgeId: string | null): LedgerEventRecord[] {
    const byEdge = edgeId === null ? '' : 'AND edge_id = ?'
    const values = edgeId === null ? [afterFeedSeq, limit] : [afterFeedSeq, edgeId, limit]
    return this.#connection
      .prepare<Array<string | number>, EventRow>(`SELECT ${EVENT_COLUMNS} FROM access_events WHERE feed_seq > ? ${byEdge} ORDER BY feed_seq LIMIT ?`)
      .all(...values)
      .map(recordOf)
  }

  feedCursor(): { eventSeq: number; alertSeq: number } {
    const row = this.#connection
      .prepare<[], { event_seq: number | null; alert_seq: number | null }>(
        'SELECT (SELECT MAX(feed_seq) FROM access_events) AS event_seq, (SELECT MAX(seq) FROM alerts) AS alert_seq',
      )
      .get()
    return { eventSeq: row?.event_seq ?? 0, alertSeq: row?.alert_seq ?? 0 }
  }

  rejections(): IngestRejectionCount[] {
    return this.#connection
      .prepare<[], { edge_id: string; topic_kind: string; code: string; count: number; first_at_ms: number; last_at_ms: number; last_reason: string }>(
        'SELECT * FROM ingest_rejections ORDER BY last_at_ms DESC',
      )
      .all()
      .map((row) => ({ edgeId: row.edge_id, topicKind: row.topic_kind, code: row.code, count: row.count, firstAtMs: row.first_at_ms, lastAtMs: row.last_at_ms, lastReason: row.last_reason }))
  }

  gridOfPerson(personId: string): string | null {
    const row = this.#connection
      .prepare<[string], { grid_id: string | null }>(
        `SELECT COALESCE(h.grid_id, b.grid_id) AS grid_id FROM persons p
         LEFT JOIN households h ON h.id = p.household_id LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN buildings b ON b.id = u.building_id
         WHERE p.id = ?`,
      )
      .get(personId)
    return row?.grid_id ?? null
  }

  personNameOf(personId: string): string | null {
    return this.#connection.prepare<[string], { display_name: string }>('SELECT display_name FROM persons WHERE id = ?').get(personId)?.display_name ?? null
  }

  checkpoints(localDate: string, edgeId: string | null): Checkpoint[] {
    const edges = this.#connection
      .prepare<Array<string>, { id: string; name: string }>(`SELECT id, name FROM edges ${edgeId === null ? '' : 'WHERE id = ?'} ORDER BY name, id`)
      .all(...(edgeId === null ? [] : [edgeId]))
    const openAlerts = this.#alerts.openCountsByEdge()
    const policies = this.#policyEdges()
    return edges.map((edge) => ({
      edgeId: edge.id,
      name: edge.name,
      status: this.#statuses.get(edge.id),
      policy: policies.get(edge.id) ?? null,
      openAlerts: openAlerts.get(edge.id) ?? 0,
      doors: this.#doorsOf(edge.id, localDate),
    }))
  }

  #doorsOf(edgeId: string, localDate: string): CheckpointDoor[] {
    const doors = this.#connection
      .prepare<[string, string], { id: string; name: string; lane: string | null; passes: number | null; denials: number | null; fevers: number | null }>(
        `SELECT d.id, d.name, d.lane, c.passes, c.denials, c.fevers FROM doors d
         LEFT JOIN door_daily_counts c ON c.door_id = d.id AND c.local_date = ?
         WHERE d.edge_id = ? ORDER BY d.name, d.id`,
      )
      .all(localDate, edgeId)
    const last = this.#connection.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM access_events WHERE door_id = ? ORDER BY occurred_at_ms DESC LIMIT 1`)
    return doors.map((door) => {
      const lastRow = last.get(door.id)
      return {
        id: door.id,
        name: door.name,
        lane: door.lane,
        today: { passes: door.passes ?? 0, denials: door.denials ?? 0, fevers: door.fevers ?? 0 },
        lastEvent: lastRow === undefined ? null : recordOf(lastRow),
      }
    })
  }

  /** m005's per-edge versions, if the policy distributor's table exists in this database. */
  #policyEdges(): Map<string, NonNullable<Checkpoint['policy']>> {
    const hasTable = this.#connection.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'policy_edges'`).get() !== undefined
    if (!hasTable) return new Map()
    const rows = this.#connection
      .prepare<[], { edge_id: string; latest_version: number; applied_version: number | null; behind_since_ms: number | null }>(
        'SELECT edge_id, latest_version, applied_version, behind_since_ms FROM policy_edges',
      )
      .all()
    return new Map(rows.map((row) => [row.edge_id, { latestVersion: row.latest_version, appliedVersion: row.applied_version, behindSinceMs: row.behind_since_ms }]))
  }
}
