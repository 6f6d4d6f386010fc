import { EventEmitter } from 'node:events'
import type { EdgeDatabase } from '../../edge/src/adapters/sqlite/open-edge-database.js'
import type { Journal, JournalEntry } from '../../edge/src/ports/journal.js'
import type { JournalOutbox } from '../../edge/src/services/journal-publisher.js'

interface RecordingOutboxEvents {
  marked: [ids: readonly string[]]
}

interface UnpublishedRow {
  readonly seq: number
  readonly id: string
  readonly kind: 'event' | 'alarm'
  readonly payload: string
  readonly recorded_at_ms: number
}

/**
 * The journal as the publisher sees it, recording every `markPublished` and checking at that
 * moment that each id was acknowledged by the broker. Given the database, it also offers
 * `unpublishedAfter` (the live lane) with the query the SqliteJournal would run.
 */
export class RecordingOutbox extends EventEmitter<RecordingOutboxEvents> implements JournalOutbox {
  readonly marked: string[] = []
  /** Transactions: fewer than marked ids when PUBACKs are marked in groups. */
  markCalls = 0
  /** Ids marked before `isAcknowledged` said the broker had them: must stay empty. */
  readonly markedTooEarly: string[] = []
  readonly unpublishedAfter?: (afterSeq: number, limit: number) => JournalEntry[]
  readonly #journal: Pick<Journal, 'nextUnpublished' | 'markPublished'>
  readonly #isAcknowledged: (id: string) => boolean

  constructor(journal: Pick<Journal, 'nextUnpublished' | 'markPublished'>, isAcknowledged: (id: string) => boolean, database?: EdgeDatabase) {
    super()
    this.#journal = journal
    this.#isAcknowledged = isAcknowledged
    if (database !== undefined) {
      const statement = database.connection.prepare<[number, number], UnpublishedRow>(
        `SELECT seq, id, kind, payload, recorded_at_ms FROM journal_entries
         WHERE published_at_ms IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
      )
      this.unpublishedAfter = (afterSeq, limit) =>
        statement.all(afterSeq, limit).map((row) => ({
          id: row.id,
          seq: row.seq,
          kind: row.kind,
          payloadJson: row.payload,
          recordedAtMs: row.recorded_at_ms,
          state: 'pending' as const,
        }))
    }
  }

  nextUnpublished(limit: number): JournalEntry[] {
    return this.#journal.nextUnpublished(limit)
  }

  markPublished(ids: readonly string[]): number {
    for (const id of ids) if (!this.#isAcknowledged(id)) this.markedTooEarly.push(id)
    const changed = this.#journal.markPublished(ids)
    this.markCalls++
    this.marked.push(...ids)
    this.emit('marked', ids)
    return changed
  }

  /** Resolves once every id in `ids` has been marked. */
  waitForMarked(ids: readonly string[], timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const marked = new Set(this.marked)
        if (!ids.every((id) => marked.has(id))) return
        cleanup()
        resolve()
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`timed out after ${timeoutMs} ms: ${ids.filter((id) => !this.marked.includes(id)).length} of ${ids.length} ids not marked`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.off('marked', check)
      }
      this.on('marked', check)
      check()
    })
  }
}
