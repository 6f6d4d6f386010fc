import { TIMESTAMP_PATTERN } from './messages/field-schemas.js'

const TIMESTAMP = new RegExp(TIMESTAMP_PATTERN)

/**
 * Milliseconds since the epoch of a message timestamp, or null if it is not one. Stricter than
 * `Date.parse`, which turns 2026-02-30 into 2 March: the calendar date must exist.
 */
export function timestampMs(text: string): number | null {
  if (!TIMESTAMP.test(text)) return null
  const ms = Date.parse(text)
  if (!Number.isFinite(ms)) return null
  const day = Number(text.slice(8, 10))
  return new Date(ms).getUTCDate() === day ? ms : null
}
