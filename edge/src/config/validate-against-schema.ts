import type { Static, TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

export type SchemaCheck<T> = { ok: true; value: T } | { ok: false; violations: string[] }

/**
 * Applies the schema's defaults to a copy of `input` and checks it, listing every violation at
 * once as "path: message", so a broken config file is fixed in one pass, not one error per start.
 */
export function validateAgainstSchema<S extends TSchema>(schema: S, input: unknown): SchemaCheck<Static<S>> {
  const withDefaults = Value.Default(schema, Value.Clone(input))
  const violations = [...Value.Errors(schema, withDefaults)].map((error) => `${error.path || '/'}: ${error.message}`)
  if (violations.length > 0) return { ok: false, violations: [...new Set(violations)] }
  return { ok: true, value: withDefaults as Static<S> }
}
