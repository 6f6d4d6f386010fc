import type { FastifyRequest } from 'fastify'

type PropertySchemas = Record<string, { type?: unknown }>

function coerced(value: unknown, type: unknown): unknown {
  if (typeof value !== 'string') return value
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

function coerceObject(target: unknown, schema: unknown): void {
  const properties = (schema as { properties?: PropertySchemas } | undefined)?.properties
  if (properties === undefined || target === null || typeof target !== 'object') return
  const record = target as Record<string, unknown>
  for (const [name, property] of Object.entries(properties)) {
    if (name in record) record[name] = coerced(record[name], property.type)
  }
}

/**
 * A preValidation hook: query-string and path values arrive as text, so a `Type.Integer()` or
 * `Type.Boolean()` property there is converted from its plain text form before validation. The
 * app's Ajv does not coerce (a JSON body saying "5" for a number is wrong and stays refused);
 * only these two parts, where everything is text, are coerced.
 */
export async function coerceQueryScalars(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema
  if (schema === undefined) return
  coerceObject(request.query, schema.querystring)
  coerceObject(request.params, schema.params)
}
