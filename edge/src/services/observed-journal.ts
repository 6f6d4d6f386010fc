import type { Journal, JournalBacklog, JournalEntry, JournalEntryInput, JournalHealth, JournalReceipt, JournalStats } from '../ports/journal.js'

/** Told of every entry the journal took (durable) or refused, with its error code. */
export interface JournalObserver {
  journalled(entry: JournalEntryInput): void
  journalFailed(entry: JournalEntryInput, code: string): void
}

/**
 * The edge's journal with an observer on every append: every access attempt (kiosk, QR refusal,
 * remote open, staff act) and every alarm passes here, so metrics count decisions by reason
 * without a hook in each service. Everything else goes straight through.
 */
export class ObservedJournal implements Journal {
  readonly #journal: Journal
  readonly #observer: JournalObserver

  constructor(journal: Journal, observer: JournalObserver) {
    this.#journal = journal
    this.#observer = observer
  }

  async append(entry: JournalEntryInput): Promise<JournalReceipt> {
    try {
      const receipt = await this.#journal.append(entry)
      this.#observer.journalled(entry)
      return receipt
    } catch (error) {
      this.#observer.journalFailed(entry, codeOf(error))
      throw error
    }
  }

  appendNow(entry: JournalEntryInput): JournalReceipt {
    try {
      const receipt = this.#journal.appendNow(entry)
      this.#observer.journalled(entry)
      return receipt
    } catch (error) {
      this.#observer.journalFailed(entry, codeOf(error))
      throw error
    }
  }

  nextUnpublished(limit: number): JournalEntry[] {
    return this.#journal.nextUnpublished(limit)
  }

  unpublishedAfter(afterSeq: number, limit: number): JournalEntry[] {
    return this.#journal.unpublishedAfter(afterSeq, limit)
  }

  markPublished(ids: readonly string[]): number {
    return this.#journal.markPublished(ids)
  }

  backlog(): JournalBacklog {
    return this.#journal.backlog()
  }

  health(): JournalHealth {
    return this.#journal.health()
  }

  onHealthChanged(listener: (health: JournalHealth) => void): () => void {
    return this.#journal.onHealthChanged(listener)
  }

  stats(): JournalStats {
    return this.#journal.stats()
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,47}$/.test(code) ? code : 'UNKNOWN'
}
