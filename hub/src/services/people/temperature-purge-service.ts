import type { Clock, TimerHandle } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'

const DAY_MS = 86_400_000
const DEFAULT_INTERVAL_MS = 3_600_000

/** Deletes (or blanks) the temperatures one table recorded before `cutoffMs`; returns how many rows. */
export type TemperaturePurge = (cutoffMs: number) => number

export interface TemperaturePurgeServiceDeps {
  readonly clock: Clock
  readonly log: Logger
  /** The site's temperature_retention_days, read at every run (the admin may change it). */
  readonly retentionDays: () => number
  /** One purge per place temperatures are kept, by name: temperature_reports, the ledger ... */
  readonly purges: Readonly<Record<string, TemperaturePurge>>
  /** How often to purge (default hourly). */
  readonly intervalMs?: number
}

export interface TemperaturePurgeResult {
  readonly cutoffMs: number
  /** Rows purged, by purge name. */
  readonly purged: Readonly<Record<string, number>>
  /** Purges that threw (logged); the others still ran. */
  readonly failed: readonly string[]
}

/**
 * Temperatures are personal health data (ARCHITECTURE.md §5): purged after the site's retention
 * period. Runs once at start and then every `intervalMs`; a failing purge is logged and retried
 * at the next run without stopping the others.
 */
export class TemperaturePurgeService {
  readonly #deps: TemperaturePurgeServiceDeps
  #timer: TimerHandle | null = null
  #isRunning = false

  constructor(deps: TemperaturePurgeServiceDeps) {
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

  /** Purges everything older than the retention period now. */
  purgeNow(): TemperaturePurgeResult {
    const { clock, log, purges } = this.#deps
    const cutoffMs = clock.now() - Math.max(1, this.#deps.retentionDays()) * DAY_MS
    const purged: Record<string, number> = {}
    const failed: string[] = []
    for (const [name, purge] of Object.entries(purges)) {
      try {
        purged[name] = purge(cutoffMs)
      } catch (error) {
        failed.push(name)
        log.error({ err: error, purge: name, cutoffMs }, 'temperature purge failed; retried at the next run')
      }
    }
    const total = Object.values(purged).reduce((sum, count) => sum + count, 0)
    if (total > 0) log.info({ cutoffMs, purged }, 'old temperatures purged')
    return { cutoffMs, purged, failed }
  }

  #tick(): void {
    this.purgeNow()
    if (!this.#isRunning) return
    this.#timer = this.#deps.clock.setTimeout(() => this.#tick(), this.#deps.intervalMs ?? DEFAULT_INTERVAL_MS)
  }
}
