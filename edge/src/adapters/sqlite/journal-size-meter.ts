import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { EdgeDatabase } from './open-edge-database.js'

/** The journal's b-trees: the table and every index on it (sqlite_schema.tbl_name). */
const JOURNAL_TABLE = 'journal_entries'

export interface JournalSizeMeterOptions {
  /** While the journal really is over the threshold, the other tables are measured again at most this often. */
  readonly remeasureMinIntervalMs: number
  /**
   * And at least this often: pages a shrinking policy frees are reused by the journal, which the
   * estimate would not see until then.
   */
  readonly remeasureMaxIntervalMs: number
}

export const DEFAULT_JOURNAL_SIZE_METER_OPTIONS: JournalSizeMeterOptions = {
  remeasureMinIntervalMs: 10_000,
  remeasureMaxIntervalMs: 10 * 60_000,
}

/**
 * How many bytes the journal (`journal_entries` and its indexes) takes in the edge database, so
 * that its size budget is not spent by the policy cache beside it. Reading the journal's own pages
 * would cost a scan of the largest tree after every commit; instead the meter measures everything
 * else — policy cache, replay cache, schema: bounded by the policy's size, not the journal's —
 * with SQLite's `dbstat` table (one `name = ?` query per b-tree, so only that tree is read), and
 * takes the journal as the pages in use minus those:
 *
 *   journalBytes ≈ (page_count − freelist_count) × page_size − otherBytes
 *
 * `otherBytes` is measured at start, whenever the estimate reaches the threshold (so a policy
 * that grew is measured before the journal is called full: no false degradation), at most every
 * `remeasureMinIntervalMs` while the journal really is over it, and at least every
 * `remeasureMaxIntervalMs`. Without `dbstat` in the SQLite build, `otherBytes` is 0 and the whole
 * file counts, as before, with a warning at start.
 */
export class JournalSizeMeter {
  readonly #database: EdgeDatabase
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: JournalSizeMeterOptions
  #otherBytes = 0
  #measuredAtMs = Number.NEGATIVE_INFINITY
  #wasOverThreshold = false
  #isDbstatAvailable = true

  constructor(database: EdgeDatabase, clock: Clock, log: Logger, options: JournalSizeMeterOptions = DEFAULT_JOURNAL_SIZE_METER_OPTIONS) {
    this.#database = database
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  /** What everything but the journal took at the last measurement. */
  get otherBytes(): number {
    return this.#otherBytes
  }

  start(): void {
    try {
      this.#database.connection.prepare('SELECT 1 FROM dbstat LIMIT 1').get()
    } catch (error) {
      this.#isDbstatAvailable = false
      this.#log.warn({ err: String(error) }, 'SQLite has no dbstat table: the journal size budget counts the whole database')
      return
    }
    this.#measureOthers()
  }

  /** The journal's bytes from the page counts and the last measurement of the rest; no table is read. */
  estimate(): number {
    return Math.max(0, this.#database.usedBytes() - this.#otherBytes)
  }

  /** The journal's bytes, measuring the rest again first when the estimate reaches `thresholdBytes`. */
  journalBytes(thresholdBytes: number): number {
    const estimate = this.estimate()
    const sinceMs = this.#clock.now() - this.#measuredAtMs
    const isDue = sinceMs >= this.#options.remeasureMaxIntervalMs
    const isSuspect = estimate >= thresholdBytes && !(this.#wasOverThreshold && sinceMs < this.#options.remeasureMinIntervalMs)
    if (!this.#isDbstatAvailable || !(isDue || isSuspect)) return estimate
    this.#measureOthers()
    const measured = this.estimate()
    this.#wasOverThreshold = measured >= thresholdBytes
    return measured
  }

  #measureOthers(): void {
    const { connection } = this.#database
    const names = connection
      .prepare<[string], string>('SELECT name FROM sqlite_schema WHERE rootpage > 0 AND tbl_name <> ?')
      .pluck()
      .all(JOURNAL_TABLE)
    const size = connection.prepare<[string], number>('SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ? AND aggregate = TRUE').pluck()
    this.#otherBytes = ['sqlite_schema', ...names].reduce((total, name) => total + (size.get(name) ?? 0), 0)
    this.#measuredAtMs = this.#clock.now()
  }
}
