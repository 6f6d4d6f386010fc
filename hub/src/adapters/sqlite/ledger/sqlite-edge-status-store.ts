import type BetterSqlite3 from 'better-sqlite3'
import { EdgeStatus } from '../../../../../protocol/mqtt/messages/edge-status.js'
import { parseMessage } from '../../../../../protocol/mqtt/parse-message.js'
import type { EdgeStatusStore, StoredEdgeStatus } from '../../../ports/edge-status-store.js'

interface StatusRow {
  edge_id: string
  status_at_ms: number
  received_at_ms: number
  last_seen_at_ms: number
  online_since_ms: number | null
  backlog_rises: number
  payload: string
}

/** Large enough for any status the ingest accepted (MESSAGE_CATALOG.status allows 32 KiB). */
const MAX_STORED_STATUS_BYTES = 64 * 1024

/** The newest status of each edge (m006 `edge_status`), stored as validated JSON plus the columns queries need. */
export class SqliteEdgeStatusStore implements EdgeStatusStore {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(edgeId: string): StoredEdgeStatus | null {
    const row = this.#connection.prepare<[string], StatusRow>('SELECT * FROM edge_status WHERE edge_id = ?').get(edgeId)
    return row === undefined ? null : storedOf(row)
  }

  put(stored: StoredEdgeStatus): void {
    const { status } = stored
    this.#connection
      .prepare(
        `INSERT INTO edge_status (edge_id, state, status_at_ms, received_at_ms, last_seen_at_ms, online_since_ms, software_version,
           policy_version, journal_backlog, backlog_rises, devices, payload)
         VALUES (@edgeId, @state, @statusAtMs, @receivedAtMs, @lastSeenAtMs, @onlineSinceMs, @softwareVersion,
           @policyVersion, @journalBacklog, @backlogRises, @devices, @payload)
         ON CONFLICT (edge_id) DO UPDATE SET state = excluded.state, status_at_ms = excluded.status_at_ms,
           received_at_ms = excluded.received_at_ms, last_seen_at_ms = MAX(last_seen_at_ms, excluded.last_seen_at_ms),
           online_since_ms = excluded.online_since_ms, software_version = excluded.software_version,
           policy_version = excluded.policy_version, journal_backlog = excluded.journal_backlog,
           backlog_rises = excluded.backlog_rises, devices = excluded.devices, payload = excluded.payload`,
      )
      .run({
        edgeId: status.edgeId,
        state: status.state,
        statusAtMs: stored.statusAtMs,
        receivedAtMs: stored.receivedAtMs,
        lastSeenAtMs: stored.lastSeenAtMs,
        onlineSinceMs: stored.onlineSinceMs,
        softwareVersion: status.softwareVersion,
        policyVersion: status.policyVersion,
        journalBacklog: status.journalBacklog,
        backlogRises: stored.backlogRises,
        devices: JSON.stringify(status.devices),
        payload: JSON.stringify(status),
      })
  }

  touch(edgeId: string, atMs: number): void {
    this.#connection.prepare('UPDATE edge_status SET last_seen_at_ms = MAX(last_seen_at_ms, ?) WHERE edge_id = ?').run(atMs, edgeId)
  }

  list(): StoredEdgeStatus[] {
    return this.#connection
      .prepare<[], StatusRow>('SELECT * FROM edge_status ORDER BY edge_id')
      .all()
      .map(storedOf)
      .filter((stored): stored is StoredEdgeStatus => stored !== null)
  }
}

function storedOf(row: StatusRow): StoredEdgeStatus | null {
  // Written from a validated status; checked again so a hand-edited row cannot break a reader.
  const parsed = parseMessage(EdgeStatus, row.payload, { maxBytes: MAX_STORED_STATUS_BYTES })
  if (!parsed.ok) return null
  return {
    status: parsed.value,
    statusAtMs: row.status_at_ms,
    receivedAtMs: row.received_at_ms,
    lastSeenAtMs: row.last_seen_at_ms,
    onlineSinceMs: row.online_since_ms,
    backlogRises: row.backlog_rises,
  }
}
