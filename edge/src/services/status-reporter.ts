import { encodeMessage } from '../../../protocol/mqtt/encode-message.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import type { EdgeStatus } from '../../../protocol/mqtt/messages/edge-status.js'
import { edgeStatusTopic } from '../../../protocol/mqtt/topics.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { EdgeStatusSource, HubConnection } from './hub-connection.js'

export interface StatusReporterOptions {
  /** How often the sources are compared with what was last published. */
  readonly checkIntervalMs: number
  /** At most one status per this interval: a changing backlog while draining is not a message per event. */
  readonly minIntervalMs: number
  /**
   * Published again after this long even when nothing changed, so a retained status that was
   * lost or overwritten (a broker restarted without persistence, a stale will published during a
   * session takeover) is corrected without anyone asking.
   */
  readonly refreshIntervalMs: number
}

export const DEFAULT_STATUS_REPORTER_OPTIONS: StatusReporterOptions = {
  checkIntervalMs: 1_000,
  minIntervalMs: 2_000,
  refreshIntervalMs: 60_000,
}

/** What the status says, without the instant it was composed. */
function fingerprint(status: EdgeStatus): string {
  const { at: _at, ...rest } = status
  return JSON.stringify(rest)
}

/**
 * Keeps the edge's retained `online` status current while the link is up. The link itself
 * publishes the status on connect and the `offline` one on stop; this service publishes on
 * change (checked every `checkIntervalMs`, at most once per `minIntervalMs`, trailing edge: the
 * last change always goes out) and every `refreshIntervalMs` regardless.
 */
export class StatusReporter {
  readonly #connection: HubConnection
  readonly #status: EdgeStatusSource
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: StatusReporterOptions
  #timer: TimerHandle | undefined
  #unsubscribe: (() => void) | undefined
  #lastFingerprint: string | undefined
  #lastPublishedAtMs = Number.NEGATIVE_INFINITY
  #published = 0

  constructor(connection: HubConnection, status: EdgeStatusSource, clock: Clock, log: Logger, options: StatusReporterOptions = DEFAULT_STATUS_REPORTER_OPTIONS) {
    this.#connection = connection
    this.#status = status
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  get published(): number {
    return this.#published
  }

  start(): void {
    if (this.#unsubscribe !== undefined) return
    this.#unsubscribe = this.#connection.onConnectionChanged((isConnected) => {
      // The link has just published a fresh status of its own: count it as the last one.
      if (isConnected) this.#remember(this.#status.compose('online'))
    })
    if (this.#connection.isConnected) this.#remember(this.#status.compose('online'))
    this.#schedule(this.#options.checkIntervalMs)
  }

  stop(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  /** Something changed that the hub should see soon (journal health, a device going offline). */
  requestPublish(): void {
    if (this.#unsubscribe === undefined) return
    this.#schedule(0)
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = this.#clock.setTimeout(() => this.#check(), delayMs)
  }

  #check(): void {
    this.#timer = undefined
    if (this.#unsubscribe === undefined) return
    let nextCheckMs = this.#options.checkIntervalMs
    if (this.#connection.isConnected) {
      const status = this.#status.compose('online')
      const isChanged = fingerprint(status) !== this.#lastFingerprint
      const dueAtMs = this.#lastPublishedAtMs + (isChanged ? this.#options.minIntervalMs : this.#options.refreshIntervalMs)
      const nowMs = this.#clock.now()
      if (nowMs >= dueAtMs) this.#publish(status)
      else if (isChanged) nextCheckMs = Math.min(nextCheckMs, dueAtMs - nowMs)
    }
    this.#schedule(nextCheckMs)
  }

  #publish(status: EdgeStatus): void {
    const { schema, maxPayloadBytes } = MESSAGE_CATALOG.status
    const topic = edgeStatusTopic(this.#connection.baseTopic, this.#connection.edgeId)
    this.#remember(status)
    this.#published++
    this.#connection
      .publish(topic, encodeMessage(schema, status, { maxBytes: maxPayloadBytes }), { retain: true })
      .catch((error: unknown) => this.#log.warn({ err: String(error) }, 'status not published'))
  }

  #remember(status: EdgeStatus): void {
    this.#lastFingerprint = fingerprint(status)
    this.#lastPublishedAtMs = this.#clock.now()
  }
}
