import { dayNumberOf, localDateOf, localTimeOf } from '../../../../protocol/policy/local-time.js'

const MS_PER_DAY = 86_400_000
const MS_PER_MINUTE = 60_000

/** One site-local calendar day as instants: [startMs, endMs). */
export interface DayWindow {
  readonly localDate: string
  readonly startMs: number
  readonly endMs: number
}

/** The site-local day `localDate` ("YYYY-MM-DD") names, or null when it is not a real date. */
export function dayWindowOf(localDate: string, utcOffsetMinutes: number): DayWindow | null {
  const dayNumber = dayNumberOf(localDate)
  if (dayNumber === null) return null
  const startMs = dayNumber * MS_PER_DAY - utcOffsetMinutes * MS_PER_MINUTE
  return { localDate, startMs, endMs: startMs + MS_PER_DAY }
}

/** The site-local date of an instant. */
export function localDateAt(atMs: number, utcOffsetMinutes: number): string {
  return localDateOf(localTimeOf(atMs, utcOffsetMinutes).dayNumber)
}

/** `count` dates ending with `lastDate`, oldest first (empty when `lastDate` is not a date). */
export function datesEndingOn(lastDate: string, count: number): string[] {
  const last = dayNumberOf(lastDate)
  if (last === null) return []
  return Array.from({ length: count }, (_, index) => localDateOf(last - count + 1 + index))
}

/** Days from `from` to `to`, both included; null when either is not a date or `to` comes first. */
export function daysBetween(from: string, to: string): number | null {
  const first = dayNumberOf(from)
  const last = dayNumberOf(to)
  if (first === null || last === null || last < first) return null
  return last - first + 1
}
