import type BetterSqlite3 from 'better-sqlite3'
import { appendAudit } from '../append-audit.js'

export interface VisitorDataPurged {
  /** Visitors' requests deleted (name, phone, purpose with them). */
  readonly requests: number
  /** Visitors (persons of role visitor) whose phone was blanked. */
  readonly visitorPhones: number
}

/** When a visitor pass stopped being usable: its end, or its revocation if that came first. */
const PASS_ENDED_SQL = 'MIN(c.valid_until_ms, COALESCE(c.revoked_at_ms, c.valid_until_ms))'

/**
 * Deletes visitors' requests that ended before `cutoffMs` (m008 `ends_at_ms`: lapsed, declined,
 * or their pass over) and blanks the phone of every visitor whose passes all ended before it,
 * in one transaction with one audit row. The visitor's name stays on the person row: the ledger's
 * entries name who passed.
 */
export function purgeVisitorData(connection: BetterSqlite3.Database, cutoffMs: number, atMs: number): VisitorDataPurged {
  return connection
    .transaction((): VisitorDataPurged => {
      const requests = connection.prepare('DELETE FROM visitor_requests WHERE ends_at_ms < ?').run(cutoffMs).changes
      const visitorPhones = connection
        .prepare(
          `UPDATE persons SET phone = NULL, updated_at_ms = ? WHERE role = 'visitor' AND phone IS NOT NULL
             AND EXISTS (SELECT 1 FROM credentials c WHERE c.person_id = persons.id AND c.kind = 'visitor')
             AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.person_id = persons.id AND c.kind = 'visitor' AND ${PASS_ENDED_SQL} >= ?)`,
        )
        .run(atMs, cutoffMs).changes
      if (requests + visitorPhones > 0) {
        appendAudit(connection, {
          actor: { kind: 'system', id: 'visitor-data-purge', name: 'visitor data retention' },
          action: 'visitor-data.purged',
          subjectKind: 'visitor-request',
          subjectId: null,
          detail: { cutoffMs, requests, visitorPhones },
          atMs,
        })
      }
      return { requests, visitorPhones }
    })
    .immediate()
}
