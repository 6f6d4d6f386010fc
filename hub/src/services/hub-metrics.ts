import { LATENCY_BUCKETS_SECONDS, MetricsRegistry } from '../../../protocol/metrics/metrics-registry.js'
import { matchTopic } from '../../../protocol/mqtt/topics.js'
import type { Clock } from '../ports/clock.js'
import type { EdgeMessageOutcome } from '../ports/edge-message-sink.js'
import type { StoredEdgeStatus } from '../ports/edge-status-store.js'
import type { Logger } from '../ports/logger.js'
import type { LiveItem } from './live-feed.js'
import type { PolicyEdgeStatus } from './policy-distribution/policy-edge-status.js'
import type { PolicyDistributorStats } from './policy-distribution/policy-distributor.js'

/** The broker as /metrics sees it, embedded or external. */
export interface BrokerHealth {
  /** Clients connected to the embedded broker; null for an external broker (it counts its own). */
  readonly connectedClients: number | null
  /** The hub's own connection to an external broker; always true for the embedded one once started. */
  readonly isConnected: boolean
  /** Requests the broker refused, by reason, since start. */
  readonly refusals: Readonly<Record<string, number>>
}

/** Where the scrape-time readings come from; each is read once per scrape. */
export interface HubMetricsSources {
  readonly baseTopic: string
  readonly edgeStatuses: () => readonly StoredEdgeStatus[]
  readonly policyStatus: () => readonly PolicyEdgeStatus[]
  readonly policyStats: () => PolicyDistributorStats
  readonly openAlertsByKind: () => ReadonlyMap<string, number>
  readonly broker: () => BrokerHealth
  readonly remoteOpenOutcomes: () => Readonly<Record<string, number>>
  readonly signInFailures: () => Readonly<Record<string, number>>
  /** Lock commands from Home Assistant refused, by code; none without the integration. */
  readonly homeAssistantRefusals: () => Readonly<Record<string, number>>
  readonly clock: Clock
  readonly log: Logger
}

const PREFIX = 'gatehouse_hub'

/**
 * The hub's Prometheus metrics (docs/metrics.md). Counters move as things happen — edge messages
 * handled, access events stored, HTTP answers, refused scrapes; the rest is read from the
 * services that already count it (broker, remote open, sign-in, policy, alerts) at each scrape.
 */
export class HubMetrics {
  /** What /metrics renders (`registry.render()`); the endpoint counts refusals on it. */
  readonly registry: MetricsRegistry
  readonly #sources: HubMetricsSources
  readonly #edgeMessages
  readonly #edgeRefusals
  readonly #accessEvents
  readonly #httpRequests
  readonly #httpDuration

  constructor(sources: HubMetricsSources) {
    this.#sources = sources
    const registry = new MetricsRegistry(PREFIX, (collector, error) => sources.log.error({ collector, err: String(error) }, 'metrics collector failed'))
    this.registry = registry
    this.#edgeMessages = registry.counter({ name: `${PREFIX}_edge_messages_total`, help: 'Edge messages handled, by topic kind and outcome (stored, duplicate, rejected).', labelNames: ['kind', 'outcome'] })
    this.#edgeRefusals = registry.counter({ name: `${PREFIX}_edge_message_refusals_total`, help: 'Edge messages rejected by ingest, by stable code.', labelNames: ['code'] })
    this.#accessEvents = registry.counter({ name: `${PREFIX}_access_events_total`, help: 'Access events newly stored in the ledger, by edge, result and reason code.', labelNames: ['edge', 'result', 'reason'] })
    this.#httpRequests = registry.counter({ name: `${PREFIX}_http_requests_total`, help: 'HTTP answers, by method, route pattern and status.', labelNames: ['method', 'route', 'status'] })
    this.#httpDuration = registry.histogram({ name: `${PREFIX}_http_request_duration_seconds`, help: 'Time to answer an HTTP request, by method and route pattern.', labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS_SECONDS })
    this.#declareReadings(registry)
  }

  /** For IngestServices.onHandled: every edge message the broker handed over. */
  readonly edgeMessageHandled = (_edgeId: string, topic: string, _payload: Buffer, outcome: EdgeMessageOutcome): void => {
    // Labels stay a small fixed set: a topic that is not ours counts as "unknown".
    const kind = matchTopic(this.#sources.baseTopic, topic)?.kind ?? 'unknown'
    this.#edgeMessages.inc({ kind, outcome: outcome.status })
    if (outcome.status === 'rejected') this.#edgeRefusals.inc({ code: outcome.code })
  }

  /** For LiveFeed.subscribe: access events as they are stored (duplicates are not published). */
  readonly liveItem = (item: LiveItem): void => {
    if (item.kind !== 'access') return
    const { edgeId, isGranted, reason } = item.record
    this.#accessEvents.inc({ edge: edgeId, result: isGranted ? 'granted' : 'denied', reason })
  }

  httpResponded(method: string, route: string, status: number, seconds: number): void {
    this.#httpRequests.inc({ method, route, status: String(status) })
    this.#httpDuration.observe({ method, route }, seconds)
  }

  #declareReadings(registry: MetricsRegistry): void {
    const sources = this.#sources
    const gauge = (name: string, help: string, labelNames: readonly string[] = []) => registry.gauge({ name: `${PREFIX}_${name}`, help, labelNames })
    const counter = (name: string, help: string, labelNames: readonly string[] = []) => registry.counter({ name: `${PREFIX}_${name}`, help, labelNames })
    const brokerClients = gauge('broker_connected_clients', 'Clients connected to the embedded broker (absent with an external broker).')
    const brokerConnected = gauge('broker_connected', 'Whether the hub has its broker: the embedded one running, or its connection to the external one.')
    const brokerRefusals = counter('broker_refusals_total', 'Requests the broker refused (bad credentials, ACL, oversized packets ...), by reason.', ['reason'])
    registry.addCollector('broker', () => {
      const broker = sources.broker()
      brokerClients.clear()
      if (broker.connectedClients !== null) brokerClients.set({}, broker.connectedClients)
      brokerConnected.set({}, broker.isConnected ? 1 : 0)
      for (const [reason, total] of Object.entries(broker.refusals)) brokerRefusals.setTotal({ reason }, total)
    })
    const online = gauge('edge_online', 'Whether the edge is online (its retained status), per edge.', ['edge'])
    const backlog = gauge('edge_journal_backlog', 'Journal entries the edge had not delivered, as of its last status.', ['edge'])
    const lastSeen = gauge('edge_last_seen_age_seconds', 'Seconds since the hub last heard from the edge.', ['edge'])
    registry.addCollector('edges', () => {
      const nowMs = sources.clock.now()
      for (const metric of [online, backlog, lastSeen]) metric.clear()
      for (const stored of sources.edgeStatuses()) {
        const labels = { edge: stored.status.edgeId }
        online.set(labels, stored.status.state === 'online' ? 1 : 0)
        backlog.set(labels, stored.status.journalBacklog)
        lastSeen.set(labels, Math.max(0, (nowMs - stored.lastSeenAtMs) / 1000))
      }
    })
    this.#declarePolicyReadings(gauge, counter)
    const alerts = gauge('open_alerts', 'Alerts open now, by kind.', ['kind'])
    registry.addCollector('alerts', () => {
      alerts.clear()
      for (const [kind, count] of sources.openAlertsByKind()) alerts.set({ kind }, count)
    })
    const remoteOpens = counter('remote_opens_total', 'Remote door requests answered, by outcome: what the door did (opened, locked ...) or the refusal code.', ['outcome'])
    const signInFailures = counter('sign_in_failures_total', 'Refused sign-ins, by code.', ['code'])
    const homeAssistantRefusals = counter('home_assistant_command_refusals_total', 'Lock commands from Home Assistant refused (docs/home-assistant.md), by code.', ['code'])
    registry.addCollector('services', () => {
      for (const [outcome, total] of Object.entries(sources.remoteOpenOutcomes())) remoteOpens.setTotal({ outcome }, total)
      for (const [code, total] of Object.entries(sources.signInFailures())) signInFailures.setTotal({ code }, total)
      for (const [code, total] of Object.entries(sources.homeAssistantRefusals())) homeAssistantRefusals.setTotal({ code }, total)
    })
  }

  #declarePolicyReadings(
    gauge: (name: string, help: string, labelNames?: readonly string[]) => ReturnType<MetricsRegistry['gauge']>,
    counter: (name: string, help: string, labelNames?: readonly string[]) => ReturnType<MetricsRegistry['counter']>,
  ): void {
    const sources = this.#sources
    const latest = gauge('edge_policy_latest_version', 'The newest policy version issued for the edge.', ['edge'])
    const versionsBehind = gauge('edge_policy_versions_behind', 'Policy versions the edge is behind (absent before its first report).', ['edge'])
    const secondsBehind = gauge('edge_policy_lag_seconds', 'How long the edge has been missing a newer policy version; 0 when current.', ['edge'])
    const versions = counter('policy_versions_issued_total', 'Policy versions issued since start.')
    const failedCompiles = counter('policy_compile_failures_total', 'Policy compilations that failed since start.')
    this.registry.addCollector('policy', () => {
      for (const metric of [latest, versionsBehind, secondsBehind]) metric.clear()
      for (const edge of sources.policyStatus()) {
        const labels = { edge: edge.edgeId }
        if (edge.latestVersion !== null) latest.set(labels, edge.latestVersion)
        if (edge.versionsBehind !== null) versionsBehind.set(labels, edge.versionsBehind)
        secondsBehind.set(labels, edge.secondsBehind)
      }
      const stats = sources.policyStats()
      versions.setTotal({}, stats.versions)
      failedCompiles.setTotal({}, stats.failedCompiles)
    })
  }
}
