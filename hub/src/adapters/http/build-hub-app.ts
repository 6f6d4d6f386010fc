import { fastify, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Caller } from '../../domain/caller.js'
import type { Logger } from '../../ports/logger.js'
import { HubHttpError } from './hub-http-error.js'

/** One area's routes (residents, credentials, policy, ...), registered on the app by buildHubApp. */
export type HubRoutes = (app: FastifyInstance) => void

export interface HubAppDeps {
  readonly log: Logger
  /** Establishes the caller of a request (session cookie, ...); null when anonymous. */
  readonly authenticate: (request: FastifyRequest) => Caller | null | Promise<Caller | null>
  readonly routes: readonly HubRoutes[]
  /** Largest request body accepted, bytes (photos are the largest). */
  readonly bodyLimitBytes?: number
}

const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024

function errorBody(code: string, message: string, details: readonly string[] = []) {
  return { error: details.length > 0 ? { code, message, details } : { code, message } }
}

/**
 * The hub's HTTP app, built but not listening (main.ts listens; tests use inject()). Errors
 * always answer `{ error: { code, message, details? } }` with a stable code: HubHttpError as
 * thrown, schema violations as 400 INVALID_REQUEST listing every violation, anything else 500
 * INTERNAL (logged, never echoed).
 */
export function buildHubApp(deps: HubAppDeps): FastifyInstance {
  const app = fastify({
    logger: false,
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
  })
  app.decorateRequest('caller', null)
  app.addHook('onRequest', async (request) => {
    request.caller = await deps.authenticate(request)
  })
  app.setErrorHandler((error: FastifyError | HubHttpError, request, reply) => {
    if (error instanceof HubHttpError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details))
    }
    if (error.validation !== undefined) {
      const details = error.validation.map((issue) => `${issue.instancePath || '/'} ${issue.message ?? 'is invalid'}`)
      return reply.status(400).send(errorBody('INVALID_REQUEST', `invalid ${error.validationContext ?? 'request'}`, details))
    }
    const status = error.statusCode ?? 500
    if (status < 500) return reply.status(status).send(errorBody(error.code ?? 'BAD_REQUEST', error.message))
    deps.log.error({ err: error, method: request.method, url: request.routeOptions.url }, 'request failed')
    return reply.status(500).send(errorBody('INTERNAL', 'internal error'))
  })
  app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody('NO_SUCH_ROUTE', `no route ${request.method} ${request.url.split('?')[0]}`)))
  for (const routes of deps.routes) routes(app)
  return app
}
