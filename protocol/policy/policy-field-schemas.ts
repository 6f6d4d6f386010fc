/**
 * Field schemas shared by the policy rows. A policy row travels inside a `PolicyChange` (see
 * protocol/mqtt/messages/policy-announcement.ts), so every row stays within that envelope: at
 * most 64 columns, each a scalar (string ≤ 1024 characters, number, boolean, null) or a flat list
 * of at most 64 strings (≤ 256 characters) or numbers.
 *
 * Instants in rows are integers of milliseconds since the Unix epoch (UTC), named `…Ms`: the
 * decision path compares them with the request time without parsing anything.
 */
import { Type, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox'
import { identifier } from '../mqtt/messages/field-schemas.js'

/** ECMAScript's largest time value (ECMA-262 §21.4.1.1): ±8.64e15 ms around the epoch. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000

/** An instant as milliseconds since the Unix epoch, UTC. */
export function epochMs(description: string) {
  return Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description })
}

/** A duration in milliseconds, at most a year. */
export function durationMs(description: string) {
  return Type.Integer({ minimum: 0, maximum: 366 * 24 * 3_600_000, description })
}

/** The key of a row within its entity; also the `key` of its `PolicyChange`. */
export function rowId(description = 'Id of the row; equals the key of its policy change.') {
  return identifier(description)
}

/** A reference to a row of another entity, e.g. a credential's `personId`. */
export function rowReference(description: string) {
  return identifier(description)
}

/** `schema` or null: rows are flat and closed, so an absent value is written as null. */
export function nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()], { description: schema.description })
}

/** A calendar date in the site's local time: `2026-10-01`. */
export const LOCAL_DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'

/**
 * A string enum whose static type is the union of its values (the shared `literalUnion` types
 * as plain `string`, too loose for the rules that branch on these columns).
 */
export function oneOf<const T extends readonly string[]>(values: T, description: string) {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    { description },
  ) as unknown as TUnion<TLiteral<T[number]>[]>
}
