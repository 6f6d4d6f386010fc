import type { FastifyInstance } from 'fastify'
import { buildMetricsApp } from '../adapters/http/build-metrics-app.js'
import type { EdgeConfig } from '../config/edge-config.js'
import type { PolicyView } from '../domain/policy-view.js'
import type { Clock } from '../ports/clock.js'
import type { Journal } from '../ports/journal.js'
import type { Logger } from '../ports/logger.js'
import { EdgeMetrics } from '../services/edge-metrics.js'
import type { EdgeRuntime, EdgeRuntimeObservers } from './edge-runtime.js'

export interface EdgeMetricsWiringDeps {
  readonly config: EdgeConfig
  /** The journal as opened; the wiring hands back the observed one for the doors and the hub link. */
  readonly journal: Journal
  readonly policy: Pick<PolicyView, 'meta'>
  /** The runtime, once built (read at scrape time only). */
  readonly runtime: () => EdgeRuntime
  readonly softwareVersion: string
  readonly clock: Clock
  readonly log: Logger
}

export interface EdgeMetricsWiring {
  readonly metrics: EdgeMetrics
  /** Give this journal to EdgeRuntime and HubServices: every append is counted. */
  readonly journal: Journal
  /** For EdgeRuntime's constructor. */
  readonly observers: EdgeRuntimeObservers
  /** GET /metrics, to listen on `metrics.host:metrics.port`. */
  readonly app: FastifyInstance
}

/** The edge's /metrics, wired (null unless `metrics.enabled`; docs/metrics.md). */
export function wireEdgeMetrics(deps: EdgeMetricsWiringDeps): EdgeMetricsWiring | null {
  const { config, journal, policy, clock } = deps
  if (!config.metrics.enabled || config.metrics.bearerTokenSha256 === undefined) return null
  const log = deps.log.child({ component: 'metrics' })
  const metrics = new EdgeMetrics({
    edgeId: config.edgeId,
    softwareVersion: deps.softwareVersion,
    journal,
    devices: () => deps.runtime().devicesHealth(),
    isHubConnected: () => deps.runtime().isHubConnected,
    policyVersion: () => policy.meta()?.version ?? 0,
    policyAgeMs: () => {
      const meta = policy.meta()
      return meta === null ? null : Math.max(0, clock.now() - meta.receivedAtMs)
    },
    log,
  })
  const app = buildMetricsApp({ bearerTokenSha256: config.metrics.bearerTokenSha256, render: () => metrics.registry.render(), onRefused: () => metrics.registry.countScrapeRefusal(), log })
  return { metrics, journal: metrics.observe(journal), observers: { kioskTimings: metrics.kioskTimings }, app }
}
