import { DEFAULT_VISITOR_DATA_RETENTION_MS } from '../../domain/visitors/visitor-request-terms.js'
import type { Clock, TimerHandle } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'

/** Purges what ended before `cutoffMs` at `atMs`; returns what it removed, by kind. */
export type VisitorDataPurge = (cutoffMs: number, atMs: number) => Readonly<Record<string, number>>

export interface VisitorDataPurgeServiceDeps {
  readonly clock: Clock
  readonly log: Logger
  /** purgeVisitorData over the hub database (adapters/sqlite/visitors/purge-visitor-data.ts). */
  readonly purge: VisitorDataPurge
  /** How long after a request (or pass) ended its personal data stays; default 30 days. */
  readonly retentionMs?: number
  /** How often to purge (default hourly). */
  readonly intervalMs?: number
}

const DEFAULT_INTERVAL_MS = 3_600_000

/**
 * Visitors' personal data (name, phone, purpose of their request; the phone on their visitor
 * person) is kept only for a retention period after their request or pass ended (ARCHITECTURE.md
 * §5). Runs at start and every `intervalMs`; a failure is logged and retried at the next run.
 */
export class VisitorDataPurgeService {
  readonly #deps: VisitorDataPurgeServiceDeps
  #timer: TimerHandle | null = null
  #isRunning = false

  constructor(deps: VisitorDataPurgeServiceDeps) {
    this.#deps = deps
  }

  start(): void {
    if (this.#isRunning) return
    this.#isRunning = true
    this.#tick()
  }

  stop(): void {
    this.#isRunning = false
    if (this.#timer !== null) this.#deps.clock.clearTimeout(this.#timer)
    this.#timer = null
  }

  /** Purges now; null when the purge failed (logged). */
  purgeNow(): Readonly<Record<string, number>> | null {
    const { clock, log, purge } = this.#deps
    const atMs = clock.now()
    const cutoffMs = atMs - (this.#deps.retentionMs ?? DEFAULT_VISITOR_DATA_RETENTION_MS)
    try {
      const purged = purge(cutoffMs, atMs)
      if (Object.values(purged).some((count) => count > 0)) log.info({ cutoffMs, purged }, 'old visitor data purged')
      return purged
    } catch (error) {
      log.error({ err: error, cutoffMs }, 'visitor data purge failed; retried at the next run')
      return null
    }
  }

  #tick(): void {
    this.purgeNow()
    if (!this.#isRunning) return
    this.#timer = this.#deps.clock.setTimeout(() => this.#tick(), this.#deps.intervalMs ?? DEFAULT_INTERVAL_MS)
  }
}
