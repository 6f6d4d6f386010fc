import type { GroupCommitOptions } from './group-commit-queue.js'
import type { JournalRetentionOptions } from './prune-journal.js'

export interface SqliteJournalOptions extends GroupCommitOptions {
  readonly retention: JournalRetentionOptions
}

/**
 * Defaults for a gate: commits on the next macrotask; published entries kept 30 days, at most a
 * million rows, in a 1 GiB database (journal and caches together) pruned from 90 % of it.
 */
export const DEFAULT_SQLITE_JOURNAL_OPTIONS: SqliteJournalOptions = {
  maxBatchSize: 256,
  maxBatchDelayMs: 0,
  retention: {
    maxPublishedAgeMs: 30 * 24 * 60 * 60 * 1000,
    maxRows: 1_000_000,
    maxDatabaseBytes: 1024 * 1024 * 1024,
    nearBudgetRatio: 0.9,
    pruneIntervalMs: 60_000,
    pruneChunkRows: 1_000,
  },
}
