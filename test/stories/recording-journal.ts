import type {
  Journal,
  JournalBacklog,
  JournalEntry,
  JournalEntryInput,
  JournalHealth,
  JournalReceipt,
  JournalStats,
} from '../../edge/src/ports/journal.js'

/** An entry as it was committed: the AccessEvent or Alarm with its sequence number. */
export interface CommittedEntry {
  readonly kind: JournalEntryInput['kind']
  readonly seq: number
  readonly message: Record<string, unknown>
}

/**
 * The edge's real journal, seen from outside: every entry it committed, in commit order, kept in
 * memory (the SQLite journal forgets what the hub acknowledged), and a signal on every commit so
 * a story waits on the journal rather than on time.
 */
export class RecordingJournal implements Journal {
  readonly committed: CommittedEntry[] = []
  readonly #inner: Journal
  readonly #listeners = new Set<() => void>()

  constructor(inner: Journal) {
    this.#inner = inner
  }

  async append(entry: JournalEntryInput): Promise<JournalReceipt> {
    const receipt = await this.#inner.append(entry)
    this.#record(entry, receipt)
    return receipt
  }

  appendNow(entry: JournalEntryInput): JournalReceipt {
    const receipt = this.#inner.appendNow(entry)
    this.#record(entry, receipt)
    return receipt
  }

  /** Calls `listener` after every commit; returns an unsubscribe. */
  onCommitted(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  nextUnpublished(limit: number): JournalEntry[] {
    return this.#inner.nextUnpublished(limit)
  }

  unpublishedAfter(afterSeq: number, limit: number): JournalEntry[] {
    return this.#inner.unpublishedAfter(afterSeq, limit)
  }

  markPublished(ids: readonly string[]): number {
    return this.#inner.markPublished(ids)
  }

  backlog(): JournalBacklog {
    return this.#inner.backlog()
  }

  health(): JournalHealth {
    return this.#inner.health()
  }

  onHealthChanged(listener: (health: JournalHealth) => void): () => void {
    return this.#inner.onHealthChanged(listener)
  }

  stats(): JournalStats {
    return this.#inner.stats()
  }

  #record(entry: JournalEntryInput, receipt: JournalReceipt): void {
    this.committed.push({ kind: entry.kind, seq: receipt.seq, message: { ...entry.message, seq: receipt.seq } })
    for (const listener of this.#listeners) listener()
  }
}
