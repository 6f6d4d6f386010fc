import { fastify, type FastifyInstance } from 'fastify'
import { PROMETHEUS_TEXT_CONTENT_TYPE } from '../../../../protocol/metrics/render-prometheus-text.js'
import { isScrapeAuthorized } from '../../../../protocol/metrics/scrape-authorization.js'
import type { Logger } from '../../ports/logger.js'

export interface MetricsAppDeps {
  /** SHA-256 (hex) of the scrape token: config `metrics.bearerTokenSha256`. */
  readonly bearerTokenSha256: string
  /** The scrape body (EdgeMetrics.render). */
  readonly render: () => string
  /** Told of every refused scrape, to count it. */
  readonly onRefused: () => void
  readonly log: Logger
}

/**
 * The edge's `GET /metrics` (Prometheus text format 0.0.4) on a listener of its own, apart from
 * the kiosk screen: the screen stays on loopback while a Prometheus on the LAN scrapes this with
 * its bearer token (docs/metrics.md). Nothing else is served here. Built, never listening.
 */
export function buildMetricsApp(deps: MetricsAppDeps): FastifyInstance {
  const app = fastify({ logger: false })
  app.get('/metrics', async (request, reply) => {
    if (!isScrapeAuthorized(request.headers.authorization, deps.bearerTokenSha256)) {
      deps.onRefused()
      deps.log.warn({ ip: request.ip, hasAuthorization: request.headers.authorization !== undefined }, 'metrics scrape refused: missing or wrong bearer token')
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="gatehouse-metrics"')
        .send({ error: { code: 'METRICS_AUTH_REQUIRED', message: 'send the scrape token as "Authorization: Bearer <token>"' } })
    }
    return reply.header('cache-control', 'no-store').type(PROMETHEUS_TEXT_CONTENT_TYPE).send(deps.render())
  })
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'NO_SUCH_ROUTE', message: `no route ${request.method} ${request.url.split('?')[0]}` } }))
  return app
}
