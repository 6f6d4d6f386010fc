import Database from 'better-sqlite3'
import { countKey, type Counts } from './chaos-tally.js'

export interface LedgerCounts {
  /** Rows by `doorId|maskedCard`. */
  readonly rows: Counts
  /** Granted rows by door. */
  readonly granted: Counts
  /** Rows by edge. */
  readonly byEdge: Counts
  /** The largest journal backlog any edge last reported (edge_status). */
  readonly reportedBacklog: number
}

/**
 * The hub's ledger as chaos reads it: the hub's SQLite file opened read-only (WAL lets it read
 * while the hub writes, and while the hub is down after a SIGKILL).
 */
export class ChaosLedger {
  readonly #path: string

  constructor(path: string) {
    this.#path = path
  }

  read(): LedgerCounts {
    const database = new Database(this.#path, { readonly: true, fileMustExist: true })
    try {
      const rows = new Map<string, number>()
      const granted = new Map<string, number>()
      const byEdge = new Map<string, number>()
      const grouped = database
        .prepare('SELECT edge_id AS edgeId, door_id AS doorId, masked_credential AS maskedCard, SUM(is_granted) AS granted, COUNT(*) AS count FROM access_events GROUP BY edge_id, door_id, masked_credential')
        .all() as { edgeId: string; doorId: string; maskedCard: string; granted: number; count: number }[]
      for (const row of grouped) {
        const key = countKey(row.doorId, row.maskedCard)
        rows.set(key, (rows.get(key) ?? 0) + row.count)
        granted.set(row.doorId, (granted.get(row.doorId) ?? 0) + row.granted)
        byEdge.set(row.edgeId, (byEdge.get(row.edgeId) ?? 0) + row.count)
      }
      const backlog = database.prepare('SELECT MAX(journal_backlog) AS backlog FROM edge_status').get() as { backlog: number | null }
      return { rows, granted, byEdge, reportedBacklog: backlog.backlog ?? 0 }
    } finally {
      database.close()
    }
  }
}
