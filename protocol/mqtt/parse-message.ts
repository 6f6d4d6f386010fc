import type { Static, TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import type { ValueError } from '@sinclair/typebox/errors'

export type ParseFailureCode = 'TOO_LARGE' | 'NOT_JSON' | 'INVALID'

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: ParseFailureCode; readonly errors: string[] }

export interface ParseOptions {
  /** Payloads longer than this (in UTF-8 bytes) are refused before they are decoded. */
  readonly maxBytes: number
}

/** Enough to say what is wrong without letting a hostile payload write a long error list. */
const MAX_REPORTED_ERRORS = 8
const MAX_PATH_CHARS = 120

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>()

function checkerFor<S extends TSchema>(schema: S): TypeCheck<S> {
  const cached = compiled.get(schema)
  // The map only ever holds TypeCompiler.Compile(key) under key, so this is that checker's type.
  if (cached !== undefined) return cached as TypeCheck<S>
  const checker = TypeCompiler.Compile(schema)
  compiled.set(schema, checker)
  return checker
}

/** Fatal: bytes that are not UTF-8 are refused, not silently replaced with U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true })

function describe(error: ValueError): string {
  // Paths hold the payload's own member names: shorten them and escape control characters.
  const escaped = JSON.stringify(error.path).slice(1, -1)
  const path = escaped.length > MAX_PATH_CHARS ? `${escaped.slice(0, MAX_PATH_CHARS)}…` : escaped
  const variants = error.errors
    .map((variant, index) => {
      const first = variant.First()
      return first === undefined ? null : `variant ${index + 1}: ${describe(first)}`
    })
    .filter((text) => text !== null)
  const where = path === '' ? '(root)' : path
  return variants.length === 0 ? `${where}: ${error.message}` : `${where}: ${error.message} (${variants.join('; ')})`
}

function validationErrors(checker: TypeCheck<TSchema>, value: unknown): string[] {
  const errors: string[] = []
  for (const error of checker.Errors(value)) {
    errors.push(describe(error))
    if (errors.length === MAX_REPORTED_ERRORS) break
  }
  return errors
}

function decodeText(payload: Buffer | string, maxBytes: number): string | ParseResult<never> {
  const byteLength = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length
  if (byteLength > maxBytes) {
    return { ok: false, code: 'TOO_LARGE', errors: [`payload is ${byteLength} bytes, limit ${maxBytes}`] }
  }
  if (typeof payload === 'string') return payload
  try {
    return utf8.decode(payload)
  } catch {
    return { ok: false, code: 'NOT_JSON', errors: ['payload is not valid UTF-8'] }
  }
}

/**
 * Validates an MQTT payload against a message schema. Never throws and never casts: the value is
 * returned only once the compiled schema check has accepted it. Checkers are compiled once per
 * schema object and cached.
 */
export function parseMessage<S extends TSchema>(
  schema: S,
  payload: Buffer | string,
  options: ParseOptions,
): ParseResult<Static<S>> {
  const text = decodeText(payload, options.maxBytes)
  if (typeof text !== 'string') return text
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // JSON.parse's message quotes the payload, which may hold personal data: say less.
    return { ok: false, code: 'NOT_JSON', errors: ['payload is not valid JSON'] }
  }
  const checker = checkerFor(schema)
  if (checker.Check(value)) return { ok: true, value }
  return { ok: false, code: 'INVALID', errors: validationErrors(checker, value) }
}
