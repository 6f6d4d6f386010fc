import type { Clock } from '../../ports/clock.js'
import type { JournalDegradedReason, JournalError, JournalHealth } from '../../ports/journal.js'
import type { Logger } from '../../ports/logger.js'
import type { JournalRetentionOptions } from './prune-journal.js'

export interface JournalUsage {
  /** The journal's table and indexes (JournalSizeMeter). */
  readonly journalBytes: number
  readonly rowCount: number
  readonly unpublishedCount: number
}

interface Condition {
  readonly reason: JournalDegradedReason | null
  readonly detail: string | null
  readonly sinceMs: number
}

const MIB = 1024 * 1024

function mebibytes(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`
}

/**
 * Decides whether the journal is degraded and says so loudly, once per change: an error log line
 * and `changed` (status, alarm) when it degrades, an info line and `changed` when it recovers.
 */
export class JournalHealthMonitor {
  readonly #clock: Clock
  readonly #log: Logger
  readonly #retention: JournalRetentionOptions
  readonly #changed: (health: JournalHealth) => void
  #writeFailure: { reason: 'DISK_FULL' | 'WRITE_FAILED'; detail: string } | undefined
  #condition: Condition | undefined

  constructor(clock: Clock, log: Logger, retention: JournalRetentionOptions, changed: (health: JournalHealth) => void) {
    this.#clock = clock
    this.#log = log
    this.#retention = retention
    this.#changed = changed
  }

  /** Duplicate ids and invalid entries are the caller's bugs, not the journal's health. */
  recordWriteFailure(error: JournalError): void {
    if (error.code === 'JOURNAL_FULL') this.#writeFailure = { reason: 'DISK_FULL', detail: error.message }
    else if (error.code === 'JOURNAL_WRITE_FAILED') this.#writeFailure = { reason: 'WRITE_FAILED', detail: error.message }
  }

  recordWriteSuccess(): void {
    this.#writeFailure = undefined
  }

  evaluate(usage: JournalUsage): void {
    const next = this.#classify(usage)
    const previous = this.#condition
    if (previous !== undefined && previous.reason === next.reason) {
      // Same state: the detail's figures move on, the listeners hear only of changes of state.
      this.#condition = { ...next, sinceMs: previous.sinceMs }
      return
    }
    this.#condition = { ...next, sinceMs: this.#clock.now() }
    const health = this.snapshot(usage)
    if (health.isDegraded) this.#log.error({ ...health }, 'journal degraded: unsent entries are kept, new ones may be refused')
    else if (previous !== undefined) this.#log.info({ ...health }, 'journal healthy again')
    if (previous === undefined && !health.isDegraded) return
    this.#changed(health)
  }

  snapshot(usage: JournalUsage): JournalHealth {
    const condition = this.#condition ?? { reason: null, detail: null, sinceMs: this.#clock.now() }
    return {
      isDegraded: condition.reason !== null,
      reason: condition.reason,
      detail: condition.detail,
      sinceMs: condition.sinceMs,
      journalBytes: usage.journalBytes,
      budgetBytes: this.#retention.maxJournalBytes,
      rowCount: usage.rowCount,
      unpublishedCount: usage.unpublishedCount,
    }
  }

  #classify(usage: JournalUsage): Omit<Condition, 'sinceMs'> {
    if (this.#writeFailure !== undefined) return this.#writeFailure
    const { maxRows, maxJournalBytes, nearBudgetRatio } = this.#retention
    if (usage.unpublishedCount >= maxRows) {
      return { reason: 'OVER_ROW_BUDGET', detail: `${usage.unpublishedCount} unpublished entries, row budget ${maxRows}` }
    }
    if (usage.journalBytes >= maxJournalBytes * nearBudgetRatio) {
      const detail = `journal uses ${mebibytes(usage.journalBytes)} of a ${mebibytes(maxJournalBytes)} budget with ${usage.unpublishedCount} entries unpublished`
      return { reason: 'NEAR_SIZE_BUDGET', detail }
    }
    return { reason: null, detail: null }
  }
}
