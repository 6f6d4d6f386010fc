import type Database from 'better-sqlite3'
import type { JournalEntryKind } from '../../ports/journal.js'

export interface JournalRow {
  readonly seq: number
  readonly id: string
  readonly kind: JournalEntryKind
  readonly payload: string
  readonly recorded_at_ms: number
  readonly published_at_ms: number | null
}

export type JournalStatements = ReturnType<typeof prepareJournalStatements>

/** Every statement the journal runs, prepared once when it starts. */
export function prepareJournalStatements(connection: Database.Database) {
  return {
    /** The high-water mark survives pruning: sequence numbers are never handed out twice. */
    lastSeq: connection
      .prepare<[], number>(`SELECT seq FROM sqlite_sequence WHERE name = 'journal_entries'`)
      .pluck(),
    insert: connection.prepare<[number, string, JournalEntryKind, string, number], void>(
      'INSERT INTO journal_entries (seq, id, kind, payload, recorded_at_ms) VALUES (?, ?, ?, ?, ?)',
    ),
    nextUnpublished: connection.prepare<[number], JournalRow>(
      `SELECT seq, id, kind, payload, recorded_at_ms, published_at_ms FROM journal_entries
       WHERE published_at_ms IS NULL ORDER BY seq LIMIT ?`,
    ),
    unpublishedAfter: connection.prepare<[number, number], JournalRow>(
      `SELECT seq, id, kind, payload, recorded_at_ms, published_at_ms FROM journal_entries
       WHERE published_at_ms IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    oldestUnpublished: connection
      .prepare<[], number>(
        'SELECT recorded_at_ms FROM journal_entries WHERE published_at_ms IS NULL ORDER BY seq LIMIT 1',
      )
      .pluck(),
    markPublished: connection.prepare<[number, string], void>(
      'UPDATE journal_entries SET published_at_ms = ? WHERE id = ? AND published_at_ms IS NULL',
    ),
    countRows: connection.prepare<[], number>('SELECT COUNT(*) FROM journal_entries').pluck(),
    countUnpublished: connection
      .prepare<[], number>('SELECT COUNT(*) FROM journal_entries WHERE published_at_ms IS NULL')
      .pluck(),
    deletePublishedBefore: connection.prepare<[number], void>(
      'DELETE FROM journal_entries WHERE published_at_ms IS NOT NULL AND recorded_at_ms < ?',
    ),
    deleteOldestPublished: connection.prepare<[number], void>(
      `DELETE FROM journal_entries WHERE seq IN (
         SELECT seq FROM journal_entries WHERE published_at_ms IS NOT NULL ORDER BY recorded_at_ms LIMIT ?)`,
    ),
  }
}
