import { accessEventTopic, alarmTopic } from '../../../protocol/mqtt/topics.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { Journal, JournalEntry, JournalReceipt } from '../ports/journal.js'
import type { Logger } from '../ports/logger.js'
import type { HubConnection } from './hub-connection.js'

/**
 * What the publisher needs of the journal. `unpublishedAfter` is optional: with it, entries
 * appended while a backlog drains are sent ahead of that backlog (the "live lane"); without it
 * everything goes out strictly oldest first.
 */
export type JournalOutbox = Pick<Journal, 'nextUnpublished' | 'markPublished'> & {
  /** The oldest unacknowledged entries whose seq is greater than `afterSeq`, in sequence order. */
  unpublishedAfter?(afterSeq: number, limit: number): JournalEntry[]
}

export interface JournalPublisherOptions {
  /** Entries published and not yet acknowledged, at most: bounds memory and the resend after a reconnect. */
  readonly maxInFlight: number
  /** Of those, at most this many from the live lane, so a busy gate cannot stall the backlog. */
  readonly maxLiveInFlight: number
  /** The backlog is refilled once this many window slots are free (fewer, larger journal reads). */
  readonly refillBatch: number
  /** Acknowledged ids are marked in one transaction after this delay (one fsync for many PUBACKs). */
  readonly markDelayMs: number
  /** More acknowledged ids than this waiting to be marked: mark now, and publish nothing more until done. */
  readonly maxAwaitingMark: number
  /** A safety net for appends nobody announced with `notify()`. */
  readonly pollIntervalMs: number
  /** After a failed publish or a failed mark. */
  readonly retryDelayMs: number
}

export const DEFAULT_JOURNAL_PUBLISHER_OPTIONS: JournalPublisherOptions = {
  maxInFlight: 64,
  maxLiveInFlight: 16,
  refillBatch: 16,
  markDelayMs: 20,
  maxAwaitingMark: 256,
  pollIntervalMs: 1_000,
  retryDelayMs: 1_000,
}

type Lane = 'live' | 'backlog'

export interface JournalPublisherStats {
  readonly dispatched: Readonly<Record<Lane, number>>
  readonly acknowledged: number
  readonly marked: number
  readonly publishFailures: number
  readonly markFailures: number
  readonly inFlight: number
  readonly awaitingMark: number
}

/**
 * Drains the journal to the hub at QoS 1 (docs/mqtt-contract.md "Events, alarms and
 * de-duplication"): the stored payload bytes, as they are, on the event or alarm topic; an entry
 * is marked published only after its PUBACK, so the mqtt.js memory queue is never the only copy.
 *
 * Ordering: two lanes share one window of `maxInFlight`. The live lane carries entries announced
 * by `notify(receipt)` (appended since the first notification) and takes free slots first, up to
 * `maxLiveInFlight`; the backlog lane fills the rest, oldest first, and starts again from the
 * oldest unacknowledged entry on every (re)connect. So a fresh decision waits for one PUBACK at
 * most, not for a 100,000-entry backlog, while the backlog keeps at least
 * `maxInFlight - maxLiveInFlight` slots. The hub tolerates the resulting seq gaps while
 * `journalBacklog` is not 0, and de-duplicates resends by id (at least once).
 *
 * Entries in flight when the link drops stay in flight: mqtt.js (persistent session) resends
 * them from its store after the reconnect and resolves them on PUBACK; they are not dispatched a
 * second time. After a process restart nothing is in flight, and everything unacknowledged is
 * read from the journal again.
 */
export class JournalPublisher {
  readonly #connection: HubConnection
  readonly #outbox: JournalOutbox
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: JournalPublisherOptions
  readonly #inFlight = new Map<string, { readonly seq: number; readonly lane: Lane }>()
  readonly #awaitingMark = new Set<string>()
  #isRunning = false
  #unsubscribe: (() => void) | undefined
  #pollTimer: TimerHandle | undefined
  #markTimer: TimerHandle | undefined
  #retryTimer: TimerHandle | undefined
  #pumpImmediate: NodeJS.Immediate | undefined
  /** Every unacknowledged entry at or below this seq is in flight or awaiting its mark. */
  #backlogCursorSeq = 0
  /** The live lane reads entries above this seq; undefined until the first `notify(receipt)`. */
  #liveCursorSeq: number | undefined
  #hasLiveWork = false
  #liveInFlight = 0
  #stats = { dispatched: { live: 0, backlog: 0 }, acknowledged: 0, marked: 0, publishFailures: 0, markFailures: 0 }

  constructor(connection: HubConnection, outbox: JournalOutbox, clock: Clock, log: Logger, options: JournalPublisherOptions = DEFAULT_JOURNAL_PUBLISHER_OPTIONS) {
    this.#connection = connection
    this.#outbox = outbox
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  stats(): JournalPublisherStats {
    return {
      ...this.#stats,
      dispatched: { ...this.#stats.dispatched },
      inFlight: this.#inFlight.size,
      awaitingMark: this.#awaitingMark.size,
    }
  }

  start(): void {
    if (this.#isRunning) return
    this.#isRunning = true
    this.#unsubscribe = this.#connection.onConnectionChanged((isConnected) => {
      if (!isConnected) return
      // Start again from the oldest unacknowledged entry: replay after every reconnect.
      this.#backlogCursorSeq = 0
      this.#schedulePump()
    })
    this.#schedulePoll()
    this.#schedulePump()
  }

  /** Stops publishing and marks what was already acknowledged; the rest stays in the journal. */
  stop(): void {
    if (!this.#isRunning) return
    this.#isRunning = false
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    for (const timer of [this.#pollTimer, this.#markTimer, this.#retryTimer]) if (timer !== undefined) this.#clock.clearTimeout(timer)
    this.#pollTimer = this.#markTimer = this.#retryTimer = undefined
    if (this.#pumpImmediate !== undefined) clearImmediate(this.#pumpImmediate)
    this.#pumpImmediate = undefined
    this.#flushMarks()
  }

  /**
   * Call after each successful `journal.append` (with its receipt): the entry goes out on the
   * live lane (when the outbox has `unpublishedAfter`). Without a receipt it only wakes the
   * publisher.
   */
  notify(receipt?: Pick<JournalReceipt, 'seq'>): void {
    if (receipt !== undefined && this.#outbox.unpublishedAfter !== undefined) {
      this.#liveCursorSeq = Math.min(this.#liveCursorSeq ?? Number.POSITIVE_INFINITY, receipt.seq - 1)
      this.#hasLiveWork = true
    }
    this.#schedulePump()
  }

  #schedulePump(): void {
    if (!this.#isRunning || this.#pumpImmediate !== undefined) return
    // setImmediate, not a microtask: the PUBACKs read from one socket chunk are all counted
    // before the window is refilled, so refills are batched.
    this.#pumpImmediate = setImmediate(() => {
      this.#pumpImmediate = undefined
      this.#pump()
    })
  }

  #schedulePoll(): void {
    this.#pollTimer = this.#clock.setTimeout(() => {
      this.#schedulePump()
      this.#schedulePoll()
    }, this.#options.pollIntervalMs)
  }

  #pump(): void {
    if (!this.#isRunning || !this.#connection.isConnected || this.#retryTimer !== undefined) return
    if (this.#awaitingMark.size >= this.#options.maxAwaitingMark) return
    let free = this.#options.maxInFlight - this.#inFlight.size
    const isRefillWorthIt = free >= this.#options.refillBatch || this.#inFlight.size === 0
    if (free <= 0 || (!this.#hasLiveWork && !isRefillWorthIt)) return
    try {
      free -= this.#pumpLive(free)
      if (free > 0 && isRefillWorthIt) this.#pumpBacklog(free)
    } catch (error) {
      this.#log.error({ err: String(error), code: (error as { code?: unknown }).code }, 'reading the journal failed')
      this.#retryLater()
    }
  }

  #pumpLive(free: number): number {
    const liveCursorSeq = this.#liveCursorSeq
    const room = Math.min(free, this.#options.maxLiveInFlight - this.#liveInFlight)
    if (!this.#hasLiveWork || liveCursorSeq === undefined || room <= 0) return 0
    const { entries, heldThroughSeq, isExhausted } = this.#read(liveCursorSeq, room)
    for (const entry of entries) this.#dispatch(entry, 'live')
    this.#liveCursorSeq = heldThroughSeq
    this.#hasLiveWork = !isExhausted
    return entries.length
  }

  #pumpBacklog(free: number): void {
    const { entries, heldThroughSeq } = this.#read(this.#backlogCursorSeq, free)
    for (const entry of entries) this.#dispatch(entry, 'backlog')
    this.#backlogCursorSeq = heldThroughSeq
  }

  /**
   * Up to `count` unacknowledged entries above `afterSeq` that are neither in flight nor awaiting
   * their mark; `heldThroughSeq` is how far a cursor may move once they are dispatched (every
   * unacknowledged entry up to it is then held); `isExhausted` when nothing else is waiting above.
   */
  #read(afterSeq: number, count: number): { entries: JournalEntry[]; heldThroughSeq: number; isExhausted: boolean } {
    // Enough rows to step over every entry this publisher already holds.
    const limit = count + this.#inFlight.size + this.#awaitingMark.size
    const page =
      this.#outbox.unpublishedAfter !== undefined ? this.#outbox.unpublishedAfter(afterSeq, limit) : this.#outbox.nextUnpublished(limit)
    const fresh = page.filter((entry) => entry.seq > afterSeq && !this.#inFlight.has(entry.id) && !this.#awaitingMark.has(entry.id))
    const entries = fresh.slice(0, count)
    const lastSeq = fresh.length > count ? entries.at(-1)?.seq : page.at(-1)?.seq
    return { entries, heldThroughSeq: Math.max(afterSeq, lastSeq ?? afterSeq), isExhausted: page.length < limit && fresh.length <= count }
  }

  #dispatch(entry: JournalEntry, lane: Lane): void {
    const { baseTopic, edgeId } = this.#connection
    const topic = entry.kind === 'alarm' ? alarmTopic(baseTopic, edgeId) : accessEventTopic(baseTopic, edgeId)
    this.#inFlight.set(entry.id, { seq: entry.seq, lane })
    if (lane === 'live') this.#liveInFlight++
    this.#stats.dispatched[lane]++
    this.#connection.publish(topic, Buffer.from(entry.payloadJson, 'utf8'), { retain: false }).then(
      () => this.#acknowledged(entry.id),
      (error: unknown) => this.#publishFailed(entry, error),
    )
  }

  #release(id: string): { readonly seq: number; readonly lane: Lane } | undefined {
    const held = this.#inFlight.get(id)
    if (held === undefined) return undefined
    this.#inFlight.delete(id)
    if (held.lane === 'live') this.#liveInFlight--
    return held
  }

  #acknowledged(id: string): void {
    if (this.#release(id) === undefined) return
    this.#stats.acknowledged++
    this.#awaitingMark.add(id)
    // After stop() a late PUBACK is still worth recording: mark at once.
    if (!this.#isRunning || this.#awaitingMark.size >= this.#options.maxAwaitingMark) this.#flushMarks()
    else if (this.#markTimer === undefined) this.#markTimer = this.#clock.setTimeout(() => this.#flushMarks(), this.#options.markDelayMs)
    this.#schedulePump()
  }

  #publishFailed(entry: JournalEntry, error: unknown): void {
    if (this.#release(entry.id) === undefined) return
    this.#stats.publishFailures++
    // Still unacknowledged in the journal: the backlog lane picks it up again, oldest first.
    this.#backlogCursorSeq = Math.min(this.#backlogCursorSeq, entry.seq - 1)
    this.#log.warn({ entryId: entry.id, seq: entry.seq, err: String(error) }, 'journal entry not published; will retry')
    this.#retryLater()
  }

  #flushMarks(): void {
    if (this.#markTimer !== undefined) this.#clock.clearTimeout(this.#markTimer)
    this.#markTimer = undefined
    if (this.#awaitingMark.size === 0) return
    const ids = [...this.#awaitingMark]
    try {
      this.#outbox.markPublished(ids)
    } catch (error) {
      // Not lost: the entries stay unacknowledged in the journal and are held here (not resent)
      // until a mark succeeds; at worst a restart resends them and the hub drops the duplicates.
      this.#stats.markFailures++
      this.#log.warn({ err: String(error), code: (error as { code?: unknown }).code, ids: ids.length }, 'marking journal entries published failed')
      if (this.#isRunning) this.#markTimer = this.#clock.setTimeout(() => this.#flushMarks(), this.#options.retryDelayMs)
      return
    }
    for (const id of ids) this.#awaitingMark.delete(id)
    this.#stats.marked += ids.length
    this.#schedulePump()
  }

  #retryLater(): void {
    if (!this.#isRunning || this.#retryTimer !== undefined) return
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = undefined
      this.#schedulePump()
    }, this.#options.retryDelayMs)
  }
}
