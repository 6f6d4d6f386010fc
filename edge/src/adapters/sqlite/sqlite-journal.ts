import { encodeMessage } from '../../../../protocol/mqtt/encode-message.js'
import { MESSAGE_CATALOG } from '../../../../protocol/mqtt/message-catalog.js'
import type { Clock, TimerHandle } from '../../ports/clock.js'
import {
  JournalError,
  type Journal,
  type JournalBacklog,
  type JournalEntry,
  type JournalEntryInput,
  type JournalHealth,
  type JournalReceipt,
  type JournalStats,
} from '../../ports/journal.js'
import type { Logger } from '../../ports/logger.js'
import { GroupCommitQueue } from './group-commit-queue.js'
import { JournalHealthMonitor } from './journal-health-monitor.js'
import { prepareJournalStatements, type JournalStatements } from './journal-statements.js'
import { JournalSizeMeter } from './journal-size-meter.js'
import { journalWriteError } from './journal-write-error.js'
import type { EdgeDatabase } from './open-edge-database.js'
import { pruneJournal, type JournalPruneResult } from './prune-journal.js'
import { DEFAULT_SQLITE_JOURNAL_OPTIONS, type SqliteJournalOptions } from './sqlite-journal-options.js'

interface PendingAppend {
  readonly input: JournalEntryInput
  readonly recordedAtMs: number
  readonly settle: (outcome: JournalReceipt | JournalError) => void
}

interface Running {
  readonly statements: JournalStatements
  readonly writeBatch: (batch: readonly PendingAppend[]) => JournalReceipt[]
  readonly markPublished: (ids: readonly string[], nowMs: number) => number
  readonly prune: (nowMs: number, rowCount: number) => JournalPruneResult
  readonly deleteOldestPublished: (rows: number) => number
  readonly health: JournalHealthMonitor
  readonly size: JournalSizeMeter
  readonly queue: GroupCommitQueue<PendingAppend>
}

/** Larger than any real sequence number, so the size check made at append time is conservative. */
const PLACEHOLDER_SEQ = Number.MAX_SAFE_INTEGER
const MAX_UNPUBLISHED_PAGE = 10_000

/**
 * The journal on the edge database, with group commit: `append` queues the entry and the queue is
 * committed in one transaction (one fsync with `synchronous=FULL`) on the next macrotask, or at
 * once when it reaches `maxBatchSize`. A batch that fails is retried entry by entry, so one bad
 * entry or a nearly full disk rejects only the entries that do not fit. Its size budget counts
 * its own table and indexes only, not the policy cache beside it (JournalSizeMeter).
 *
 * While the database's write gate is closed (the snapshot worker holds the write lock), batches
 * are held, in order, and committed as soon as it opens: the event loop never waits on the lock,
 * and an entry is still only reported durable once it is.
 */
export class SqliteJournal implements Journal {
  readonly #database: EdgeDatabase
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: SqliteJournalOptions
  #running: Running | undefined
  #pruneTimer: TimerHandle | undefined
  #rowCount = 0
  #unpublishedCount = 0
  #journalBytes = 0
  /** Batches held while the database's write gate is closed, in order; committed when it opens. */
  #held: PendingAppend[] = []
  #stats = { commits: 0, appended: 0, rejected: 0, largestBatch: 0, pruned: 0 }
  readonly #healthListeners = new Set<(health: JournalHealth) => void>()

  constructor(database: EdgeDatabase, clock: Clock, log: Logger, options: SqliteJournalOptions = DEFAULT_SQLITE_JOURNAL_OPTIONS) {
    this.#database = database
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  /** Prepares the statements, counts the backlog, prunes once and schedules pruning. */
  start(): void {
    if (this.#running !== undefined) return
    const connection = this.#database.connection
    const statements = prepareJournalStatements(connection)
    const writeBatch = connection.transaction((batch: readonly PendingAppend[]) => this.#insert(statements, batch))
    const markPublished = connection.transaction((ids: readonly string[], nowMs: number) =>
      ids.reduce((changed, id) => changed + statements.markPublished.run(nowMs, id).changes, 0),
    )
    const size = new JournalSizeMeter(this.#database, this.#clock, this.#log, this.#options.sizeMeter)
    size.start()
    const prune = connection.transaction((nowMs: number, rowCount: number) =>
      pruneJournal(statements, () => size.estimate(), this.#options.retention, nowMs, rowCount),
    )
    const health = new JournalHealthMonitor(this.#clock, this.#log, this.#options.retention, (changed) => {
      for (const listener of this.#healthListeners) listener(changed)
    })
    this.#running = {
      statements,
      writeBatch: writeBatch.immediate,
      markPublished: markPublished.immediate,
      prune: prune.immediate,
      deleteOldestPublished: (rows) => statements.deleteOldestPublished.run(rows).changes,
      health,
      size,
      queue: new GroupCommitQueue(this.#clock, this.#options, (batch) => this.#commit(batch)),
    }
    this.#rowCount = statements.countRows.get() ?? 0
    this.#unpublishedCount = statements.countUnpublished.get() ?? 0
    this.#pruneAndCheck()
    this.#schedulePrune()
  }

  /** Commits whatever is waiting (nothing appended is dropped by a stop), then refuses new entries. */
  stop(): void {
    if (this.#running === undefined) return
    if (this.#pruneTimer !== undefined) this.#clock.clearTimeout(this.#pruneTimer)
    this.#pruneTimer = undefined
    this.#running.queue.flush()
    // Nothing appended is dropped by a stop: held batches go in now, waiting for the lock if need be.
    this.#commitNow(this.#held.splice(0))
    this.#running = undefined
  }

  append(entry: JournalEntryInput): Promise<JournalReceipt> {
    const running = this.#admit(entry)
    if (running instanceof JournalError) return Promise.reject(running)
    return new Promise((resolve, reject) => {
      const settle = (outcome: JournalReceipt | JournalError) => (outcome instanceof JournalError ? reject(outcome) : resolve(outcome))
      running.queue.add({ input: entry, recordedAtMs: this.#clock.now(), settle })
    })
  }

  appendNow(entry: JournalEntryInput): JournalReceipt {
    const running = this.#admit(entry)
    if (running instanceof JournalError) throw running
    let outcome: JournalReceipt | JournalError | undefined
    running.queue.add({ input: entry, recordedAtMs: this.#clock.now(), settle: (settled) => (outcome = settled) })
    running.queue.flush()
    if (outcome === undefined) throw new JournalError('JOURNAL_WRITE_FAILED', 'the entry was not settled by its commit')
    if (outcome instanceof JournalError) throw outcome
    return outcome
  }

  nextUnpublished(limit: number): JournalEntry[] {
    const count = Math.max(1, Math.min(MAX_UNPUBLISHED_PAGE, Math.trunc(limit)))
    return this.#require().statements.nextUnpublished.all(count).map(toPendingEntry)
  }

  /** Unpublished entries after `afterSeq`: the publisher's live lane, ahead of an old backlog. */
  unpublishedAfter(afterSeq: number, limit: number): JournalEntry[] {
    const count = Math.max(1, Math.min(MAX_UNPUBLISHED_PAGE, Math.trunc(limit)))
    return this.#require().statements.unpublishedAfter.all(afterSeq, count).map(toPendingEntry)
  }

  markPublished(ids: readonly string[]): number {
    const running = this.#require()
    if (ids.length === 0) return 0
    if (!this.#database.writeGate.isOpen) {
      // The publisher keeps the ids and tries again; the entries stay pending meanwhile.
      throw new JournalError('JOURNAL_WRITE_FAILED', 'a policy snapshot is being applied: marking waits for it')
    }
    let changed: number
    try {
      changed = running.markPublished(ids, this.#clock.now())
    } catch (error) {
      // Not fatal: the entries stay pending and are published again; the hub de-duplicates by id.
      throw journalWriteError(error)
    }
    this.#unpublishedCount -= changed
    this.#checkHealth()
    return changed
  }

  backlog(): JournalBacklog {
    const oldestRecordedAtMs = this.#unpublishedCount === 0 ? null : (this.#require().statements.oldestUnpublished.get() ?? null)
    return {
      count: this.#unpublishedCount,
      oldestRecordedAtMs,
      oldestAgeMs: oldestRecordedAtMs === null ? null : Math.max(0, this.#clock.now() - oldestRecordedAtMs),
    }
  }

  health(): JournalHealth {
    return this.#require().health.snapshot(this.#usage())
  }

  /** May be called before `start`, so a journal that starts degraded is heard. */
  onHealthChanged(listener: (health: JournalHealth) => void): () => void {
    this.#healthListeners.add(listener)
    return () => this.#healthListeners.delete(listener)
  }

  stats(): JournalStats {
    return { ...this.#stats }
  }

  /** Runs retention now (it also runs every `pruneIntervalMs` and whenever a budget is reached). */
  prune(): JournalPruneResult {
    this.#require()
    const result = this.#pruneOnce()
    this.#checkHealth()
    return result
  }

  #require(): Running {
    if (this.#running === undefined) throw new JournalError('JOURNAL_NOT_RUNNING', 'the journal is not started')
    return this.#running
  }

  /** The running journal if it takes this entry; the refusal otherwise. */
  #admit(entry: JournalEntryInput): Running | JournalError {
    const running = this.#running
    if (running === undefined) return new JournalError('JOURNAL_NOT_RUNNING', 'the journal is not started')
    const spec = entry.kind === 'event' ? MESSAGE_CATALOG.event : entry.kind === 'alarm' ? MESSAGE_CATALOG.alarm : undefined
    if (spec === undefined) return new JournalError('JOURNAL_INVALID_ENTRY', 'a journal entry is an event or an alarm')
    try {
      // The same schema and size check the hub runs; `seq` is filled in with a placeholder here.
      encodeMessage(spec.schema, { ...entry.message, seq: PLACEHOLDER_SEQ }, { maxBytes: spec.maxPayloadBytes })
      return running
    } catch (error) {
      this.#stats.rejected++
      return new JournalError('JOURNAL_INVALID_ENTRY', `refusing to journal an invalid ${entry.kind}: ${String(error)}`, { cause: error })
    }
  }

  #commit(batch: readonly PendingAppend[]): void {
    const gate = this.#database.writeGate
    if (!gate.isOpen || this.#held.length > 0) {
      if (this.#held.length === 0) void gate.whenOpen().then(() => this.#commitNow(this.#held.splice(0)))
      this.#held.push(...batch)
      return
    }
    this.#commitNow(batch)
  }

  #commitNow(batch: readonly PendingAppend[]): void {
    const running = this.#running
    if (running === undefined || batch.length === 0) return
    try {
      const receipts = running.writeBatch(batch)
      this.#committed(batch.length)
      batch.forEach((pending, index) => pending.settle(receipts[index]!))
    } catch (error) {
      this.#writeOneByOne(running, batch, error)
    }
    this.#afterWrite()
  }

  #insert(statements: JournalStatements, batch: readonly PendingAppend[]): JournalReceipt[] {
    let seq = statements.lastSeq.get() ?? 0
    return batch.map(({ input, recordedAtMs }) => {
      seq++
      statements.insert.run(seq, input.message.id, input.kind, JSON.stringify({ ...input.message, seq }), recordedAtMs)
      return { id: input.message.id, seq, recordedAtMs }
    })
  }

  /** After a failed batch: each entry in its own transaction, so only what cannot be written is rejected. */
  #writeOneByOne(running: Running, batch: readonly PendingAppend[], batchError: unknown): void {
    if (journalWriteError(batchError).code === 'JOURNAL_FULL') this.#makeRoom(running)
    for (const pending of batch) {
      try {
        const [receipt] = running.writeBatch([pending])
        this.#committed(1)
        pending.settle(receipt!)
      } catch (error) {
        const rejection = journalWriteError(error)
        this.#stats.rejected++
        running.health.recordWriteFailure(rejection)
        this.#log.warn({ code: rejection.code, entryId: pending.input.message.id, kind: pending.input.kind }, 'journal append rejected')
        pending.settle(rejection)
      }
    }
  }

  /** The disk is full whatever the budgets say: published entries are at the hub, so they go first. */
  #makeRoom(running: Running): void {
    try {
      const deleted = running.deleteOldestPublished(this.#options.retention.pruneChunkRows)
      this.#rowCount -= deleted
      this.#stats.pruned += deleted
      if (deleted > 0) this.#log.warn({ deleted }, 'journal full: deleted the oldest published entries to make room')
    } catch (error) {
      this.#log.warn({ code: journalWriteError(error).code, err: String(error) }, 'journal full: could not make room')
    }
  }

  #committed(entries: number): void {
    this.#rowCount += entries
    this.#unpublishedCount += entries
    this.#stats.commits++
    this.#stats.appended += entries
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, entries)
    this.#running?.health.recordWriteSuccess()
  }

  #afterWrite(): void {
    const { maxRows, maxJournalBytes, nearBudgetRatio } = this.#options.retention
    const isOverBudget = this.#rowCount > maxRows || this.#measureJournalBytes() >= maxJournalBytes * nearBudgetRatio
    if (isOverBudget) this.#pruneOnce()
    this.#checkHealth()
  }

  #pruneAndCheck(): void {
    // Pruning writes: with the gate closed it waits for the next round.
    if (this.#database.writeGate.isOpen) this.#pruneOnce()
    this.#checkHealth()
  }

  #schedulePrune(): void {
    this.#pruneTimer = this.#clock.setTimeout(() => {
      this.#pruneAndCheck()
      this.#schedulePrune()
    }, this.#options.retention.pruneIntervalMs)
  }

  #pruneOnce(): JournalPruneResult {
    const running = this.#running
    const nothing = { deletedByAge: 0, deletedByRows: 0, deletedBySize: 0 }
    if (running === undefined) return nothing
    try {
      const result = running.prune(this.#clock.now(), this.#rowCount)
      const deleted = result.deletedByAge + result.deletedByRows + result.deletedBySize
      this.#rowCount -= deleted
      this.#stats.pruned += deleted
      if (deleted > 0) this.#log.debug({ ...result, rowCount: this.#rowCount }, 'journal pruned')
      return result
    } catch (error) {
      // A full disk can refuse even a delete; the entries stay and the next prune tries again.
      this.#log.warn({ code: journalWriteError(error).code, err: String(error) }, 'journal prune failed')
      return nothing
    }
  }

  /** Runs in timer and setImmediate callbacks: a failure to measure must not stop the process deciding. */
  #measureJournalBytes(): number {
    const { maxJournalBytes, nearBudgetRatio } = this.#options.retention
    try {
      const size = this.#running?.size
      if (size !== undefined) this.#journalBytes = size.journalBytes(maxJournalBytes * nearBudgetRatio)
    } catch (error) {
      this.#log.warn({ err: String(error) }, 'cannot measure the journal size; using the last figure')
    }
    return this.#journalBytes
  }

  #usage() {
    return { journalBytes: this.#measureJournalBytes(), rowCount: this.#rowCount, unpublishedCount: this.#unpublishedCount }
  }

  #checkHealth(): void {
    this.#running?.health.evaluate(this.#usage())
  }
}

function toPendingEntry(row: { id: string; seq: number; kind: JournalEntry['kind']; payload: string; recorded_at_ms: number }): JournalEntry {
  return { id: row.id, seq: row.seq, kind: row.kind, payloadJson: row.payload, recordedAtMs: row.recorded_at_ms, state: 'pending' }
}
