import { Type } from '@sinclair/typebox'
import type { HubRoutes } from '../build-hub-app.js'

/** One named health check: true when healthy. Must be quick (it runs on every probe). */
export type HealthCheck = () => boolean

export interface HealthRoutesDeps {
  /** e.g. `{ database: () => connection.prepare('SELECT 1').get() !== undefined }`. */
  readonly checks: Readonly<Record<string, HealthCheck>>
}

const CheckState = Type.Union([Type.Literal('ok'), Type.Literal('failing')])
const HealthSchema = Type.Object({ status: CheckState, checks: Type.Record(Type.String(), CheckState) })

/**
 * `GET /api/health`, anonymous, for systemd watchdogs and load balancers: 200 when every check
 * passes, 503 otherwise. It names checks but reveals nothing else (no version, no counts).
 */
export function healthRoutes(deps: HealthRoutesDeps): HubRoutes {
  return (app) => {
    app.get(
      '/api/health',
      { schema: { tags: ['health'], summary: 'Whether the hub is healthy', security: [], response: { 200: HealthSchema, 503: HealthSchema } } },
      async (_request, reply) => {
        const checks: Record<string, 'ok' | 'failing'> = {}
        for (const [name, check] of Object.entries(deps.checks)) {
          let isHealthy = false
          try {
            isHealthy = check()
          } catch {
            isHealthy = false
          }
          checks[name] = isHealthy ? 'ok' : 'failing'
        }
        const status = Object.values(checks).every((state) => state === 'ok') ? 'ok' : 'failing'
        return reply.status(status === 'ok' ? 200 : 503).send({ status, checks })
      },
    )
  }
}
