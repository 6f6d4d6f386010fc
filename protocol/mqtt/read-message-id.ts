import { UUID_PATTERN } from './messages/field-schemas.js'

const UUID = new RegExp(UUID_PATTERN)

/**
 * The `id` of a payload that failed its schema, if it still has a readable one, so that the edge
 * can answer an invalid command with `INVALID` under the right id. Never throws.
 */
export function readMessageId(payload: Buffer | string, options: { maxBytes: number }): string | null {
  const byteLength = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length
  if (byteLength > options.maxBytes) return null
  let value: unknown
  try {
    value = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'))
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('id' in value)) return null
  const { id } = value
  return typeof id === 'string' && UUID.test(id) ? id : null
}
