import { Type } from '@sinclair/typebox'
import { fastify, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Caller } from '../../domain/caller.js'
import { newId } from '../../domain/new-id.js'
import type { Logger } from '../../ports/logger.js'
import { HubHttpError } from './hub-http-error.js'
import { coerceQueryScalars } from './query-coercion.js'
import { openApiDocumentOf, recordRoutes, type OpenApiInfo } from './openapi-document.js'
import { securityHeaders } from './security-headers.js'
import { sessionCookieName } from './session-cookie.js'

/** One area's routes (residents, credentials, policy, ...), registered on the app by buildHubApp. */
export type HubRoutes = (app: FastifyInstance) => void

export interface HubAppDeps {
  readonly log: Logger
  /** Establishes the caller of a request (session cookie, ...); null when anonymous. May throw a HubHttpError (CSRF). */
  readonly authenticate: (request: FastifyRequest) => Caller | null | Promise<Caller | null>
  readonly routes: readonly HubRoutes[]
  /** Largest request body accepted, bytes (photos are the largest). */
  readonly bodyLimitBytes?: number
  /** Served over HTTPS (directly or by a reverse proxy): adds HSTS; names the secure cookie in OpenAPI. */
  readonly isHttps?: boolean
  /** Serve HTTPS itself with this PEM key and certificate chain (none: plain HTTP, or TLS at a reverse proxy). */
  readonly https?: { readonly key: Buffer; readonly cert: Buffer }
  /** fastify's trustProxy: set when a reverse proxy terminates TLS, so request.ip is the client's. */
  readonly trustProxy?: boolean | string
  /** Title and version of the OpenAPI document at GET /openapi.json. */
  readonly openApi?: OpenApiInfo
}

const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024
const DEFAULT_OPENAPI_INFO: OpenApiInfo = { title: 'Gatehouse hub API', version: '0.1.0' }

function errorBody(code: string, message: string, details: readonly string[] = []) {
  return { error: details.length > 0 ? { code, message, details } : { code, message } }
}

/**
 * The hub's HTTP app, built but not listening (main.ts listens; tests use inject()). Errors
 * always answer `{ error: { code, message, details? } }` with a stable code: HubHttpError as
 * thrown, schema violations as 400 INVALID_REQUEST listing every violation, anything else 500
 * INTERNAL (logged, never echoed). Every answer carries security headers and `X-Request-Id`
 * (also in the error log); every route is recorded for the OpenAPI document at GET /openapi.json.
 * Integer and boolean query-string and path parameters are converted from text before validation
 * (query-coercion.ts), so `Type.Integer()` works there; JSON bodies are never coerced.
 */
export function buildHubApp(deps: HubAppDeps): FastifyInstance {
  const app = fastify({
    logger: false,
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
    // An id the hub makes itself; a client-sent X-Request-Id is not trusted into the logs.
    genReqId: () => newId('req'),
    requestIdHeader: false,
    trustProxy: deps.trustProxy ?? false,
    // Typed as the http instance: an https server listens, answers address() and closes the same way.
    ...(deps.https !== undefined && { https: { key: deps.https.key, cert: deps.https.cert, minVersion: 'TLSv1.2' } }),
  })
  recordRoutes(app)
  app.decorateRequest('caller', null)
  app.addHook('onRequest', securityHeaders({ isHttps: deps.isHttps ?? false }))
  app.addHook('onRequest', async (request) => {
    request.caller = await deps.authenticate(request)
  })
  app.addHook('preValidation', coerceQueryScalars)
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
    deps.log.error({ err: error, requestId: request.id, method: request.method, url: request.routeOptions.url }, 'request failed')
    return reply.status(500).send(errorBody('INTERNAL', 'internal error'))
  })
  app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody('NO_SUCH_ROUTE', `no route ${request.method} ${request.url.split('?')[0]}`)))
  for (const routes of deps.routes) routes(app)
  openApiRoute(app, deps.openApi ?? DEFAULT_OPENAPI_INFO, sessionCookieName(deps.isHttps ?? false))
  return app
}

function openApiRoute(app: FastifyInstance, info: OpenApiInfo, cookieName: string): void {
  let document: Record<string, unknown> | null = null
  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['api'],
        summary: 'This API as an OpenAPI 3.1 document',
        security: [],
        response: { 200: Type.Object({ openapi: Type.String(), info: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: true }) },
      },
    },
    async () => {
      // Built on first request: by then every area has registered its routes.
      document ??= openApiDocumentOf(app, info, cookieName)
      return document
    },
  )
}
