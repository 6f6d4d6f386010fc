import type { FastifySchema } from 'fastify'
import type { RegisteredRoute } from './openapi-document.js'

type JsonObject = Record<string, unknown>

/** A TypeBox schema as plain JSON (drops TypeBox's symbol keys and functions). */
export function plainSchema(schema: unknown): JsonObject {
  return JSON.parse(JSON.stringify(schema ?? {})) as JsonObject
}

/** `/api/accounts/:id` -> `/api/accounts/{id}` (regex constraints dropped). */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}').replace(/\*$/, '{wildcard}')
}

function parametersOf(schema: unknown, location: 'path' | 'query' | 'header'): JsonObject[] {
  const object = plainSchema(schema)
  const properties = (object['properties'] ?? {}) as Record<string, JsonObject>
  const required = (object['required'] ?? []) as string[]
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property
    const parameter: JsonObject = { name, in: location, required: location === 'path' || required.includes(name), schema: rest }
    if (description !== undefined) parameter['description'] = description
    return parameter
  })
}

function responsesOf(response: unknown, mediaTypes: readonly string[]): JsonObject {
  const responses: JsonObject = {}
  for (const [status, schema] of Object.entries((response ?? {}) as Record<string, unknown>)) {
    const json = plainSchema(schema)
    const description = typeof json['description'] === 'string' ? json['description'] : `status ${status}`
    const content = Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema: json }]))
    responses[status.toUpperCase()] = status === '204' ? { description } : { description, content }
  }
  responses['default'] = { description: 'error: `{ error: { code, message, details? } }`', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
  return responses
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The OpenAPI operation object of one route. */
export function operationOf(route: RegisteredRoute): JsonObject {
  const schema: FastifySchema = route.schema ?? {}
  const operation: JsonObject = {
    operationId: `${route.method.toLowerCase()} ${route.url}`,
    tags: schema.tags ?? ['untagged'],
    summary: schema.summary ?? '',
    parameters: [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query'), ...parametersOf(schema.headers, 'header')],
    responses: responsesOf(schema.response, schema.produces ?? ['application/json']),
  }
  if (schema.description !== undefined) operation['description'] = schema.description
  if (schema.body !== undefined) operation['requestBody'] = { required: true, content: { 'application/json': { schema: plainSchema(schema.body) } } }
  operation['security'] = schema.security ?? [UNSAFE_METHODS.has(route.method) ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] }]
  return operation
}
