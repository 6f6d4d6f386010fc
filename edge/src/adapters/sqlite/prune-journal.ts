import type { JournalStatements } from './journal-statements.js'

export interface JournalRetentionOptions {
  /** Published entries recorded longer ago than this are deleted. */
  readonly maxPublishedAgeMs: number
  /** Above this many rows, the oldest published entries are deleted. */
  readonly maxRows: number
  /** Size budget of the journal's table and indexes (JournalSizeMeter); the caches beside it do not count. */
  readonly maxJournalBytes: number
  /** From this fraction of the budget, published entries are pruned; if none are left, the journal degrades. */
  readonly nearBudgetRatio: number
  readonly pruneIntervalMs: number
  /** Rows deleted per step when pruning for size, between two measurements of the file. */
  readonly pruneChunkRows: number
}

export interface JournalPruneResult {
  readonly deletedByAge: number
  readonly deletedByRows: number
  readonly deletedBySize: number
}

/** Enough steps to free a large backlog of published rows in one call, bounded all the same. */
const MAX_SIZE_STEPS = 200

/**
 * Deletes published entries only — by age, then by row count, then by size — oldest first.
 * Unpublished entries are never deleted here, whatever the budget says: running out of room is
 * reported as a degraded journal instead. Run it inside a transaction.
 */
export function pruneJournal(
  statements: JournalStatements,
  journalBytes: () => number,
  options: JournalRetentionOptions,
  nowMs: number,
  rowCount: number,
): JournalPruneResult {
  const deletedByAge = statements.deletePublishedBefore.run(nowMs - options.maxPublishedAgeMs).changes
  const excessRows = rowCount - deletedByAge - options.maxRows
  const deletedByRows = excessRows > 0 ? statements.deleteOldestPublished.run(excessRows).changes : 0
  let deletedBySize = 0
  const pruneFromBytes = options.maxJournalBytes * options.nearBudgetRatio
  for (let step = 0; step < MAX_SIZE_STEPS && journalBytes() >= pruneFromBytes; step++) {
    const deleted = statements.deleteOldestPublished.run(options.pruneChunkRows).changes
    if (deleted === 0) break
    deletedBySize += deleted
  }
  return { deletedByAge, deletedByRows, deletedBySize }
}
