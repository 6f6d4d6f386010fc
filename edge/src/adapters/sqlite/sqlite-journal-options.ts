import type { GroupCommitOptions } from './group-commit-queue.js'
import { DEFAULT_JOURNAL_SIZE_METER_OPTIONS, type JournalSizeMeterOptions } from './journal-size-meter.js'
import type { JournalRetentionOptions } from './prune-journal.js'

export interface SqliteJournalOptions extends GroupCommitOptions {
  readonly retention: JournalRetentionOptions
  readonly sizeMeter?: JournalSizeMeterOptions
}

/**
 * Defaults for a gate: commits on the next macrotask; published entries kept 30 days, at most a
 * million rows, in 1 GiB for the journal's table and indexes (the policy and replay caches beside
 * it not counted), pruned from 90 % of it.
 */
export const DEFAULT_SQLITE_JOURNAL_OPTIONS: SqliteJournalOptions = {
  maxBatchSize: 256,
  maxBatchDelayMs: 0,
  retention: {
    maxPublishedAgeMs: 30 * 24 * 60 * 60 * 1000,
    maxRows: 1_000_000,
    maxJournalBytes: 1024 * 1024 * 1024,
    nearBudgetRatio: 0.9,
    pruneIntervalMs: 60_000,
    pruneChunkRows: 1_000,
  },
  sizeMeter: DEFAULT_JOURNAL_SIZE_METER_OPTIONS,
}
