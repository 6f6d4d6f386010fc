import type { FastifyInstance, FastifySchema, HTTPMethods, RouteOptions } from 'fastify'
import { openApiPath, operationOf } from './openapi-operation.js'

declare module 'fastify' {
  /** The OpenAPI fields every hub route declares next to its TypeBox schemas. */
  interface FastifySchema {
    /** The area (`accounts`, `residents`, `credentials` ...): the OpenAPI tag. */
    tags?: readonly string[]
    /** One line: what the route does. */
    summary?: string
    description?: string
    /**
     * Who may call it, as OpenAPI security requirements. Leave it out for the usual session
     * cookie (plus `csrfToken` on unsafe methods); `[]` for anonymous routes;
     * `[{ edgeBearer: [] }]` for routes an edge calls with its MQTT password.
     */
    security?: readonly Readonly<Record<string, readonly string[]>>[]
    /**
     * Media types of the success answers when not JSON, e.g. `['image/jpeg']` for a photo (with
     * `response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }) }`).
     */
    produces?: readonly string[]
    /** Kept out of the OpenAPI document (static files). */
    hide?: boolean
  }
}

export interface RegisteredRoute {
  readonly method: string
  readonly url: string
  readonly schema: FastifySchema | undefined
}

const routesByApp = new WeakMap<FastifyInstance, RegisteredRoute[]>()

/** Starts recording every route registered on `app` from now on (buildHubApp does this first). */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = []
  routesByApp.set(app, routes)
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods: readonly HTTPMethods[] = Array.isArray(route.method) ? route.method : [route.method as HTTPMethods]
    // fastify adds a HEAD twin for every GET; it is the same operation.
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, schema: route.schema })
  })
}

export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routesByApp.get(app) ?? []
}

function pathParameterNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!)
}

/**
 * Every route of `app` that does not document itself well enough for the OpenAPI document, as
 * `"<METHOD> <url>: <what is missing>"`; empty when all are. A route needs a schema with tags,
 * a summary, a response schema, and params for every path parameter. Hidden routes are exempt.
 */
export function listRoutesWithoutSchema(app: FastifyInstance): string[] {
  const problems: string[] = []
  for (const route of registeredRoutes(app)) {
    const where = `${route.method} ${route.url}`
    const schema = route.schema
    if (schema === undefined) {
      problems.push(`${where}: no schema`)
      continue
    }
    if (schema.hide === true) continue
    if (schema.tags === undefined || schema.tags.length === 0) problems.push(`${where}: no tags`)
    if (typeof schema.summary !== 'string' || schema.summary === '') problems.push(`${where}: no summary`)
    if (schema.response === undefined || Object.keys(schema.response as object).length === 0) problems.push(`${where}: no response schema`)
    const paramNames = pathParameterNames(route.url)
    const declared = Object.keys(((schema.params as { properties?: object } | undefined)?.properties ?? {}) as object)
    const undeclared = paramNames.filter((name) => !declared.includes(name))
    if (undeclared.length > 0) problems.push(`${where}: path parameters without params schema: ${undeclared.join(', ')}`)
  }
  return problems
}

export interface OpenApiInfo {
  readonly title: string
  readonly version: string
  readonly description?: string
}

/** The OpenAPI 3.1 document of every (non-hidden) route registered on `app`. */
export function openApiDocumentOf(app: FastifyInstance, info: OpenApiInfo, sessionCookieName: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of registeredRoutes(app)) {
    if (route.schema?.hide === true) continue
    const path = openApiPath(route.url)
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = operationOf(route)
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: sessionCookieName, description: 'set by POST /api/session' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'returned by POST /api/session and GET /api/me; required on unsafe methods' },
        edgeBearer: { type: 'http', scheme: 'bearer', description: "an edge's MQTT password" },
        metricsBearer: { type: 'http', scheme: 'bearer', description: 'the scrape token whose SHA-256 is config metrics.bearerTokenSha256' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'string' } } },
            },
          },
        },
      },
    },
    security: [{ sessionCookie: [] }],
  }
}
