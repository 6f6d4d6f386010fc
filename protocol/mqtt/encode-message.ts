import type { Static, TSchema } from '@sinclair/typebox'
import { parseMessage } from './parse-message.js'

export interface InvalidOutgoingMessageError extends Error {
  readonly code: 'INVALID_OUTGOING_MESSAGE'
  readonly errors: string[]
}

/**
 * Serialises a message for publishing, after checking it against its schema and size limit with
 * the same code the receiver runs. Throws `INVALID_OUTGOING_MESSAGE` when it does not pass: our
 * own side producing a bad message is a programming error, and it must not reach the wire.
 */
export function encodeMessage<S extends TSchema>(schema: S, value: Static<S>, options: { maxBytes: number }): Buffer {
  const payload = Buffer.from(JSON.stringify(value), 'utf8')
  const checked = parseMessage(schema, payload, options)
  if (!checked.ok) {
    const error = new Error(`refusing to publish an invalid message: ${checked.errors.join('; ')}`)
    throw Object.assign(error, {
      code: 'INVALID_OUTGOING_MESSAGE' as const,
      errors: checked.errors,
    }) satisfies InvalidOutgoingMessageError
  }
  return payload
}
