import type { FastifyInstance } from 'fastify'
import type { HubRoutes } from '../adapters/http/build-hub-app.js'
import { observeHttpRequests } from '../adapters/http/observe-http-requests.js'
import { metricsRoutes } from '../adapters/http/routes/metrics-routes.js'
import type { HubConfig } from '../config/hub-config.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { SignInService } from '../services/accounts/sign-in-service.js'
import type { HomeAssistantBridge } from '../services/home-assistant-bridge.js'
import { HubMetrics, type BrokerHealth } from '../services/hub-metrics.js'
import type { PolicyDistributor } from '../services/policy-distribution/policy-distributor.js'
import type { IngestServices } from './ingest-services.js'

export interface HubMetricsWiringDeps {
  readonly config: HubConfig
  readonly clock: Clock
  readonly log: Logger
  readonly ingest: IngestServices
  readonly distributor: PolicyDistributor
  readonly signIn: SignInService
  readonly broker: () => BrokerHealth
  readonly homeAssistant: HomeAssistantBridge | null
}

export interface HubMetricsWiring {
  readonly metrics: HubMetrics
  /** GET /metrics, for buildHubApp. */
  readonly routes: HubRoutes
  /** Counts the app's HTTP answers; call after buildHubApp, before it is ready. */
  observe(app: FastifyInstance): void
}

/** The hub's /metrics, wired to the services that count (null unless `metrics.enabled`). */
export function wireHubMetrics(deps: HubMetricsWiringDeps): HubMetricsWiring | null {
  const { config, ingest, distributor, log } = deps
  if (!config.metrics.enabled || config.metrics.bearerTokenSha256 === undefined) return null
  const metricsLog = log.child({ component: 'metrics' })
  const metrics = new HubMetrics({
    baseTopic: config.baseTopic,
    edgeStatuses: () => ingest.statuses.list(),
    policyStatus: () => distributor.status(),
    policyStats: () => distributor.stats,
    openAlertsByKind: () => ingest.alertStore.openCountsByKind(),
    broker: deps.broker,
    remoteOpenOutcomes: () => ingest.remoteOpen.outcomes.toJSON(),
    signInFailures: () => deps.signIn.failures.toJSON(),
    homeAssistantRefusals: () => deps.homeAssistant?.refusals.toJSON() ?? {},
    clock: deps.clock,
    log: metricsLog,
  })
  ingest.onHandled(metrics.edgeMessageHandled)
  ingest.liveFeed.subscribe(metrics.liveItem)
  return {
    metrics,
    routes: metricsRoutes({ bearerTokenSha256: config.metrics.bearerTokenSha256, render: () => metrics.registry.render(), onRefused: () => metrics.registry.countScrapeRefusal(), log: metricsLog }),
    observe: (app) => observeHttpRequests(app, (method, route, status, seconds) => metrics.httpResponded(method, route, status, seconds)),
  }
}
