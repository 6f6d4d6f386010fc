import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import type { Alarm } from '../../../protocol/mqtt/messages/alarm.js'

/**
 * The edge's durable journal: every access attempt and every alarm, in one per-edge sequence,
 * kept until the hub has acknowledged it (ARCHITECTURE §5 "nothing is lost").
 *
 * What the door service must do with `append`:
 * - await it BEFORE moving the relay or showing the outcome as final; a resolved promise means
 *   the entry is on disk (`synchronous=FULL`) and will be published, across crashes and power cuts;
 * - on rejection with `JOURNAL_FULL` or `JOURNAL_WRITE_FAILED` the attempt cannot be proven to
 *   have happened, so the door stays shut: show a deny with a reason, raise an alarm (which may
 *   itself fail to journal, so also log it at error level and put it in the retained status),
 *   and keep deciding — the next append is tried again and succeeds as soon as space is back;
 * - `JOURNAL_INVALID_ENTRY` and `JOURNAL_DUPLICATE_ID` are bugs in the caller: deny, log at error.
 */
export interface Journal {
  /**
   * Assigns the next sequence number and resolves once the entry is durable. Appends made in the
   * same tick are committed together (group commit: one transaction, one fsync).
   */
  append(entry: JournalEntryInput): Promise<JournalReceipt>
  /**
   * The same, synchronously: commits the waiting batch and this entry now, in sequence order, and
   * throws a `JournalError` where `append` would reject. For paths that cannot await — a shutdown
   * or exit handler — not for the door path, where it would cost one fsync per attempt.
   */
  appendNow(entry: JournalEntryInput): JournalReceipt
  /** The oldest durable entries not yet acknowledged by the hub, in sequence order. */
  nextUnpublished(limit: number): JournalEntry[]
  /** Unpublished entries after `afterSeq` in sequence order: fresh entries ahead of a backlog. */
  unpublishedAfter(afterSeq: number, limit: number): JournalEntry[]
  /** Marks entries acknowledged (PUBACK); returns how many changed state. Unknown ids are ignored. */
  markPublished(ids: readonly string[]): number
  backlog(): JournalBacklog
  health(): JournalHealth
  /** Called on every change of `health().isDegraded` or its reason; returns an unsubscribe. */
  onHealthChanged(listener: (health: JournalHealth) => void): () => void
  stats(): JournalStats
}

export type JournalEntryKind = 'event' | 'alarm'

/** The message body without `seq`: the journal assigns it inside the commit. */
export type JournalEntryInput =
  | { readonly kind: 'event'; readonly message: Omit<AccessEvent, 'seq'> }
  | { readonly kind: 'alarm'; readonly message: Omit<Alarm, 'seq'> }

export interface JournalReceipt {
  readonly id: string
  readonly seq: number
  readonly recordedAtMs: number
}

export interface JournalEntry {
  readonly id: string
  readonly seq: number
  readonly kind: JournalEntryKind
  /** The complete AccessEvent or Alarm, `seq` included, validated: publish these bytes as they are. */
  readonly payloadJson: string
  readonly recordedAtMs: number
  readonly state: 'pending' | 'published'
}

export interface JournalBacklog {
  /** Durable entries the hub has not acknowledged yet. */
  readonly count: number
  readonly oldestRecordedAtMs: number | null
  readonly oldestAgeMs: number | null
}

export type JournalDegradedReason =
  /** The journal is close to its size budget and only unpublished entries are left to prune. */
  | 'NEAR_SIZE_BUDGET'
  /** More unpublished entries than the configured row budget. */
  | 'OVER_ROW_BUDGET'
  /** The last write failed with SQLITE_FULL: the disk (or the file's page limit) is full. */
  | 'DISK_FULL'
  /** The last write failed for another reason (I/O error, read-only file system). */
  | 'WRITE_FAILED'

export interface JournalHealth {
  readonly isDegraded: boolean
  readonly reason: JournalDegradedReason | null
  /** One line for status, alarm detail and logs; no personal data. */
  readonly detail: string | null
  /** When the current state (degraded or not) began, by the edge clock. */
  readonly sinceMs: number
  /** What the journal's table and indexes take; the policy and replay caches are not counted. */
  readonly journalBytes: number
  readonly budgetBytes: number
  readonly rowCount: number
  readonly unpublishedCount: number
}

export interface JournalStats {
  /** Transactions that committed at least one entry: with group commit, fewer than `appended`. */
  readonly commits: number
  readonly appended: number
  readonly rejected: number
  readonly largestBatch: number
  readonly pruned: number
}

export type JournalErrorCode =
  | 'JOURNAL_INVALID_ENTRY'
  | 'JOURNAL_DUPLICATE_ID'
  | 'JOURNAL_FULL'
  | 'JOURNAL_WRITE_FAILED'
  | 'JOURNAL_NOT_RUNNING'

export class JournalError extends Error {
  override readonly name = 'JournalError'
  readonly code: JournalErrorCode

  constructor(code: JournalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
