import { Type } from '@sinclair/typebox'
import { isScrapeAuthorized } from '../../../../../protocol/metrics/scrape-authorization.js'
import { PROMETHEUS_TEXT_CONTENT_TYPE } from '../../../../../protocol/metrics/render-prometheus-text.js'
import type { Logger } from '../../../ports/logger.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'

export interface MetricsRoutesDeps {
  /** SHA-256 (hex) of the scrape token: config `metrics.bearerTokenSha256`. */
  readonly bearerTokenSha256: string
  /** The scrape body (HubMetrics.render). */
  readonly render: () => string
  /** Told of every refused scrape, to count it. */
  readonly onRefused: () => void
  readonly log: Logger
}

/**
 * `GET /metrics` in the Prometheus text format 0.0.4, for a scraper holding the bearer token
 * (docs/metrics.md). Registered only when `metrics.enabled`; no session, no personal data: edge
 * and door ids, reason codes and counts.
 */
export function metricsRoutes(deps: MetricsRoutesDeps): HubRoutes {
  return (app) => {
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['metrics'],
          summary: 'Prometheus metrics (text format 0.0.4); needs the scrape bearer token',
          security: [{ metricsBearer: [] }],
          produces: ['text/plain'],
          response: { 200: Type.String({ description: 'Prometheus text exposition format, version 0.0.4.' }) },
        },
      },
      async (request, reply) => {
        if (!isScrapeAuthorized(request.headers.authorization, deps.bearerTokenSha256)) {
          deps.onRefused()
          deps.log.warn({ ip: request.ip, hasAuthorization: request.headers.authorization !== undefined }, 'metrics scrape refused: missing or wrong bearer token')
          reply.header('www-authenticate', 'Bearer realm="gatehouse-metrics"')
          throw new HubHttpError(401, 'METRICS_AUTH_REQUIRED', 'send the scrape token as "Authorization: Bearer <token>"')
        }
        return reply.header('cache-control', 'no-store').type(PROMETHEUS_TEXT_CONTENT_TYPE).send(deps.render())
      },
    )
  }
}
