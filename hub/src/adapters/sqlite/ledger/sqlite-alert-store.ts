import type BetterSqlite3 from 'better-sqlite3'
import { isStatefulAlert, severityOf, type AlertIntent, type AlertKind, type AlertSourceKind, type RaiseAlert } from '../../../domain/ledger/alert-intent.js'
import { newId } from '../../../domain/new-id.js'
import type { AlertAcknowledgement, AlertChange, AlertQuery, AlertRecord, AlertStore } from '../../../ports/alert-store.js'

interface AlertRow {
  seq: number
  id: string
  kind: string
  severity: string
  alert_key: string
  is_stateful: number
  edge_id: string
  door_id: string | null
  device_id: string | null
  device_kind: string | null
  person_id: string | null
  source_kind: string
  source_id: string | null
  detail: string
  occurrences: number
  raised_at_ms: number
  last_seen_at_ms: number
  cleared_at_ms: number | null
  acknowledged_by_account_id: string | null
  acknowledged_by_name: string | null
  acknowledged_at_ms: number | null
  acknowledge_note: string | null
}

function recordOf(row: AlertRow): AlertRecord {
  const acknowledged =
    row.acknowledged_by_account_id === null || row.acknowledged_at_ms === null
      ? null
      : { accountId: row.acknowledged_by_account_id, name: row.acknowledged_by_name ?? '', atMs: row.acknowledged_at_ms, note: row.acknowledge_note }
  return {
    seq: row.seq,
    id: row.id,
    // Written only from ALERT_KINDS / AlertSourceKind by apply() below.
    kind: row.kind as AlertKind,
    severity: row.severity === 'critical' ? 'critical' : 'warning',
    key: row.alert_key,
    isStateful: row.is_stateful === 1,
    edgeId: row.edge_id,
    doorId: row.door_id,
    deviceId: row.device_id,
    deviceKind: row.device_kind,
    personId: row.person_id,
    sourceKind: row.source_kind as AlertSourceKind,
    sourceId: row.source_id,
    detail: row.detail,
    occurrences: row.occurrences,
    raisedAtMs: row.raised_at_ms,
    lastSeenAtMs: row.last_seen_at_ms,
    clearedAtMs: row.cleared_at_ms,
    acknowledged,
  }
}

function statementsOf(connection: BetterSqlite3.Database) {
  return {
    open: connection.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE alert_key = ? AND cleared_at_ms IS NULL'),
    byId: connection.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?'),
    bySeq: connection.prepare<[number], AlertRow>('SELECT * FROM alerts WHERE seq = ?'),
    insert: connection.prepare(
      `INSERT INTO alerts (id, kind, severity, alert_key, is_stateful, edge_id, door_id, device_id, device_kind, person_id,
         source_kind, source_id, detail, occurrences, raised_at_ms, last_seen_at_ms)
       VALUES (@id, @kind, @severity, @key, @isStateful, @edgeId, @doorId, @deviceId, @deviceKind, @personId,
         @sourceKind, @sourceId, @detail, 1, @atMs, @atMs)`,
    ),
    repeat: connection.prepare('UPDATE alerts SET occurrences = occurrences + ?, last_seen_at_ms = MAX(last_seen_at_ms, ?), detail = ? WHERE seq = ?'),
    clear: connection.prepare('UPDATE alerts SET cleared_at_ms = ? WHERE seq = ?'),
    acknowledge: connection.prepare(
      `UPDATE alerts SET acknowledged_by_account_id = ?, acknowledged_by_name = ?, acknowledged_at_ms = ?, acknowledge_note = ?,
         cleared_at_ms = CASE WHEN is_stateful = 0 AND cleared_at_ms IS NULL THEN ? ELSE cleared_at_ms END
       WHERE id = ?`,
    ),
    openDevices: connection.prepare<[string], { device_id: string }>(
      `SELECT device_id FROM alerts WHERE edge_id = ? AND kind = 'DEVICE_OFFLINE' AND cleared_at_ms IS NULL AND device_id IS NOT NULL`,
    ),
    raisedAfter: connection.prepare<[number, number], AlertRow>('SELECT * FROM alerts WHERE seq > ? ORDER BY seq LIMIT ?'),
    openCounts: connection.prepare<[], { edge_id: string; count: number }>(
      'SELECT edge_id, COUNT(*) AS count FROM alerts WHERE cleared_at_ms IS NULL GROUP BY edge_id',
    ),
    openCountsByKind: connection.prepare<[], { kind: string; count: number }>(
      'SELECT kind, COUNT(*) AS count FROM alerts WHERE cleared_at_ms IS NULL GROUP BY kind',
    ),
  }
}

/** AlertStore on the `alerts` table (m006): at most one open alert per key. */
export class SqliteAlertStore implements AlertStore {
  readonly #connection: BetterSqlite3.Database
  #statements: ReturnType<typeof statementsOf> | undefined

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get #sql(): ReturnType<typeof statementsOf> {
    this.#statements ??= statementsOf(this.#connection)
    return this.#statements
  }

  apply(intent: AlertIntent): AlertChange | null {
    const open = this.#sql.open.get(intent.key)
    if (intent.action === 'clear') {
      if (open === undefined) return null
      this.#sql.clear.run(intent.atMs, open.seq)
      return { change: 'cleared', alert: recordOf({ ...open, cleared_at_ms: intent.atMs }) }
    }
    if (open === undefined) return { change: 'raised', alert: this.#insert(intent) }
    // A report repeating a known condition refreshes it quietly; a one-off happening again counts.
    if (isStatefulAlert(intent.kind)) {
      this.#sql.repeat.run(0, intent.atMs, intent.detail, open.seq)
      return null
    }
    this.#sql.repeat.run(1, intent.atMs, intent.detail, open.seq)
    const updated = this.#sql.bySeq.get(open.seq)
    return updated === undefined ? null : { change: 'repeated', alert: recordOf(updated) }
  }

  openOfflineDevices(edgeId: string): string[] {
    return this.#sql.openDevices.all(edgeId).map((row) => row.device_id)
  }

  list(query: AlertQuery): AlertRecord[] {
    const filters: Array<[string, string | number | undefined]> = [
      ['edge_id = ?', query.edgeId],
      ['kind = ?', query.kind],
      ['seq < ?', query.beforeSeq],
    ]
    const present = filters.filter((filter): filter is [string, string | number] => filter[1] !== undefined)
    const conditions = [...(query.state === 'open' ? ['cleared_at_ms IS NULL'] : []), ...present.map(([condition]) => condition)]
    const values = present.map(([, value]) => value)
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
    return this.#connection
      .prepare<Array<string | number>, AlertRow>(`SELECT * FROM alerts ${where} ORDER BY seq DESC LIMIT ?`)
      .all(...values, query.limit)
      .map(recordOf)
  }

  raisedAfter(afterSeq: number, limit: number): AlertRecord[] {
    return this.#sql.raisedAfter.all(afterSeq, limit).map(recordOf)
  }

  get(id: string): AlertRecord | null {
    const row = this.#sql.byId.get(id)
    return row === undefined ? null : recordOf(row)
  }

  acknowledge(id: string, by: AlertAcknowledgement): AlertRecord | null {
    const result = this.#sql.acknowledge.run(by.accountId, by.name, by.atMs, by.note, by.atMs, id)
    return result.changes === 0 ? null : this.get(id)
  }

  openCountsByEdge(): Map<string, number> {
    return new Map(this.#sql.openCounts.all().map((row) => [row.edge_id, row.count]))
  }

  /** Open alerts per kind, for /metrics. */
  openCountsByKind(): Map<string, number> {
    return new Map(this.#sql.openCountsByKind.all().map((row) => [row.kind, row.count]))
  }

  #insert(intent: RaiseAlert): AlertRecord {
    const result = this.#sql.insert.run({
      id: newId('alt'),
      kind: intent.kind,
      severity: severityOf(intent.kind),
      key: intent.key,
      isStateful: isStatefulAlert(intent.kind) ? 1 : 0,
      edgeId: intent.edgeId,
      doorId: intent.doorId ?? null,
      deviceId: intent.deviceId ?? null,
      deviceKind: intent.deviceKind ?? null,
      personId: intent.personId ?? null,
      sourceKind: intent.sourceKind,
      sourceId: intent.sourceId,
      detail: intent.detail,
      atMs: intent.atMs,
    })
    const row = this.#sql.bySeq.get(Number(result.lastInsertRowid))
    if (row === undefined) throw Object.assign(new Error('alert vanished after insert'), { code: 'ALERT_STORE_FAILED' })
    return recordOf(row)
  }
}
