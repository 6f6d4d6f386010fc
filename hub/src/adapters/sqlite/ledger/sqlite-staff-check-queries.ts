import type BetterSqlite3 from 'better-sqlite3'
import type { PendingStaffCheck, StaffCheckQueries } from '../../../ports/staff-check-queries.js'

/**
 * Pending staff checks from the ledger. Alarms and access events of one edge share its journal
 * sequence, so "settled later" is `seq` order, which no clock skew can confuse. A confirm or
 * clear the gate carried out (remote_commands, hub clock) settles a check the hub heard of
 * before sending it: a temperature-first kiosk cleared by staff waits for the card without a
 * new event.
 */
const PENDING_SQL = `
  SELECT a.id AS alarmId, a.edge_id AS edgeId, a.door_id AS doorId, d.name AS doorName, a.at_ms AS raisedAtMs, a.detail AS kioskReading
  FROM alarms a LEFT JOIN doors d ON d.id = a.door_id
  WHERE a.kind = 'FEVER_SUSPECTED' AND a.state = 'raised' AND a.door_id IS NOT NULL AND a.at_ms >= @sinceMs
    AND (@edgeId IS NULL OR a.edge_id = @edgeId)
    AND NOT EXISTS (
      SELECT 1 FROM access_events e WHERE e.edge_id = a.edge_id AND e.seq > a.seq AND e.door_id = a.door_id)
    AND NOT EXISTS (
      SELECT 1 FROM alarms later WHERE later.edge_id = a.edge_id AND later.at_ms >= a.at_ms AND later.seq > a.seq AND later.door_id = a.door_id
        AND later.kind IN ('FEVER_SUSPECTED', 'FEVER_CONFIRMED', 'STAFF_CHECK_TIMED_OUT'))
    AND NOT EXISTS (
      SELECT 1 FROM remote_commands c WHERE c.door_id = a.door_id AND c.requested_at_ms >= a.received_at_ms
        AND c.action IN ('CONFIRM_FEVER', 'CLEAR_FEVER') AND c.outcome = 'ok')
  ORDER BY a.at_ms DESC, a.feed_seq DESC
  LIMIT @limit`

export class SqliteStaffCheckQueries implements StaffCheckQueries {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  pending(edgeId: string | null, sinceMs: number, limit: number): PendingStaffCheck[] {
    return this.#connection.prepare<{ edgeId: string | null; sinceMs: number; limit: number }, PendingStaffCheck>(PENDING_SQL).all({ edgeId, sinceMs, limit })
  }
}
