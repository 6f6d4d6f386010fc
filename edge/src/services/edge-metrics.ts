import type { DeviceHealth } from '../../../protocol/mqtt/messages/edge-status.js'
import { LATENCY_BUCKETS_SECONDS, MetricsRegistry, type GaugeMetric } from '../../../protocol/metrics/metrics-registry.js'
import type { Journal, JournalEntryInput } from '../ports/journal.js'
import type { Logger } from '../ports/logger.js'
import { DecisionLatencyRecorder, type KioskTimings } from './kiosk-timings.js'
import { ObservedJournal, type JournalObserver } from './observed-journal.js'

/** Where the scrape-time readings come from; each is read once per scrape. */
export interface EdgeMetricsSources {
  readonly edgeId: string
  readonly softwareVersion: string
  /** The journal itself (not the observed one): backlog, size, health, commit counts. */
  readonly journal: Journal
  /** EdgeRuntime.devicesHealth(): readers, thermometers, scanners, by device id. */
  readonly devices: () => Readonly<Record<string, DeviceHealth>>
  readonly isHubConnected: () => boolean
  /** The policy version deciding now; 0 before the first. */
  readonly policyVersion: () => number
  /** Since the policy in force was received; null before the first. */
  readonly policyAgeMs: () => number | null
  readonly log: Logger
}

const PREFIX = 'gatehouse_edge'

/**
 * The edge's Prometheus metrics (docs/metrics.md). Decisions and alarms are counted as the
 * journal takes them (ObservedJournal: every attempt, whatever path made it), latencies as the
 * kiosks report them (DecisionLatencyRecorder); backlog, journal size, device health, the hub
 * link and the policy are read at each scrape.
 */
export class EdgeMetrics implements JournalObserver {
  /** What /metrics renders (`registry.render()`); the endpoint counts refusals on it. */
  readonly registry: MetricsRegistry
  readonly #sources: EdgeMetricsSources
  readonly #decisions
  readonly #alarms
  readonly #journalFailures
  readonly #decisionLatency
  readonly #cardToRelay

  constructor(sources: EdgeMetricsSources) {
    this.#sources = sources
    const registry = new MetricsRegistry(PREFIX, (collector, error) => sources.log.error({ collector, err: String(error) }, 'metrics collector failed'))
    this.registry = registry
    this.#decisions = registry.counter({ name: `${PREFIX}_decisions_total`, help: 'Access attempts journalled, by door, result and reason code.', labelNames: ['door', 'result', 'reason'] })
    this.#alarms = registry.counter({ name: `${PREFIX}_alarms_total`, help: 'Alarms journalled, by kind and state (raised, cleared).', labelNames: ['kind', 'state'] })
    this.#journalFailures = registry.counter({ name: `${PREFIX}_journal_append_failures_total`, help: 'Journal appends refused (the door stayed shut), by error code.', labelNames: ['code'] })
    this.#decisionLatency = registry.histogram({
      name: `${PREFIX}_decision_latency_seconds`,
      help: 'Credential presented to attempt durable in the journal (the decision final), by door; includes any temperature measurement.',
      labelNames: ['door'],
      buckets: LATENCY_BUCKETS_SECONDS,
    })
    this.#cardToRelay = registry.histogram({
      name: `${PREFIX}_card_to_relay_seconds`,
      help: 'Credential presented to relay pulsed, for granted attempts, by door.',
      labelNames: ['door'],
      buckets: LATENCY_BUCKETS_SECONDS,
    })
    this.#declareReadings(registry)
  }

  /** The journal the doors and the hub link use: the same one, counted. */
  observe(journal: Journal): Journal {
    return new ObservedJournal(journal, this)
  }

  /** For EdgeRuntime: one latency recorder per kiosk. */
  readonly kioskTimings = (doorId: string): KioskTimings =>
    new DecisionLatencyRecorder({
      decision: (seconds) => this.#decisionLatency.observe({ door: doorId }, seconds),
      cardToRelay: (seconds) => this.#cardToRelay.observe({ door: doorId }, seconds),
    })

  journalled(entry: JournalEntryInput): void {
    if (entry.kind === 'alarm') return this.#alarms.inc({ kind: entry.message.kind, state: entry.message.state })
    const { doorId, decision } = entry.message
    this.#decisions.inc({ door: doorId, result: decision.granted ? 'granted' : 'denied', reason: decision.reason })
  }

  journalFailed(_entry: JournalEntryInput, code: string): void {
    this.#journalFailures.inc({ code })
  }

  #declareReadings(registry: MetricsRegistry): void {
    const sources = this.#sources
    const gauge = (name: string, help: string, labelNames: readonly string[] = []) => registry.gauge({ name: `${PREFIX}_${name}`, help, labelNames })
    const info = gauge('info', 'Always 1; the labels say which edge and software this is.', ['edge', 'version'])
    const hubConnected = gauge('hub_connected', 'Whether the MQTT link to the hub is up.')
    const policyVersion = gauge('policy_version', 'The policy version deciding now; 0 before the first.')
    const policyAge = gauge('policy_age_seconds', 'Since the policy in force was received (absent before the first).')
    registry.addCollector('edge', () => {
      info.set({ edge: sources.edgeId, version: sources.softwareVersion }, 1)
      hubConnected.set({}, sources.isHubConnected() ? 1 : 0)
      policyVersion.set({}, sources.policyVersion())
      const ageMs = sources.policyAgeMs()
      policyAge.clear()
      if (ageMs !== null) policyAge.set({}, ageMs / 1000)
    })
    this.#declareJournalReadings(gauge)
    const deviceUp = gauge('device_up', 'Whether each device answers (ok or degraded: 1; offline or unknown: 0).', ['device', 'kind'])
    const deviceErrors = registry.counter({ name: `${PREFIX}_device_errors_total`, help: 'Bad frames and driver errors since start, by device and stable code.', labelNames: ['device', 'kind', 'code'] })
    registry.addCollector('devices', () => {
      deviceUp.clear()
      for (const [device, health] of Object.entries(sources.devices())) {
        if (health.kind === 'journal') continue
        deviceUp.set({ device, kind: health.kind }, health.state === 'ok' || health.state === 'degraded' ? 1 : 0)
        for (const [code, total] of Object.entries(health.errorCounts ?? {})) deviceErrors.setTotal({ device, kind: health.kind, code }, total)
      }
    })
  }

  #declareJournalReadings(gauge: (name: string, help: string, labelNames?: readonly string[]) => GaugeMetric): void {
    const { journal } = this.#sources
    const backlog = gauge('journal_backlog', 'Journal entries (events and alarms) the hub has not acknowledged.')
    const oldestAge = gauge('journal_backlog_oldest_age_seconds', 'Age of the oldest unacknowledged entry; 0 when none.')
    const bytes = gauge('journal_bytes', "What the journal's table and indexes take on disk.")
    const budget = gauge('journal_budget_bytes', 'The size budget the journal prunes to.')
    const rows = gauge('journal_rows', 'Entries kept in the journal, published or not.')
    const degraded = gauge('journal_degraded', 'Whether the journal is degraded (near its budget, disk full, write failures).')
    const commits = this.registry.counter({ name: `${PREFIX}_journal_commits_total`, help: 'Journal transactions committed (group commit: fewer than entries).' })
    this.registry.addCollector('journal', () => {
      const queue = journal.backlog()
      const health = journal.health()
      backlog.set({}, queue.count)
      oldestAge.set({}, (queue.oldestAgeMs ?? 0) / 1000)
      bytes.set({}, health.journalBytes)
      budget.set({}, health.budgetBytes)
      rows.set({}, health.rowCount)
      degraded.set({}, health.isDegraded ? 1 : 0)
      commits.setTotal({}, journal.stats().commits)
    })
  }
}
