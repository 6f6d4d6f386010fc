import type { FastifyInstance } from 'fastify'

/** Requests no route matched share one label, so scanners cannot grow the series without bound. */
export const UNMATCHED_ROUTE = '(unmatched)'

export type HttpResponseObserver = (method: string, route: string, status: number, seconds: number) => void

/**
 * Tells `observe` of every answer the app sends: method, route pattern (`/api/persons/:personId`,
 * never the raw URL, which holds ids), status and fastify's measured time. Hooks added before
 * `ready` apply to routes registered earlier too.
 */
export function observeHttpRequests(app: FastifyInstance, observe: HttpResponseObserver): void {
  app.addHook('onResponse', async (request, reply) => {
    observe(request.method, request.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000)
  })
}
