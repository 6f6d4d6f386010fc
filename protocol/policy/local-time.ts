/**
 * Site local time from an instant and a fixed UTC offset (site.utcOffsetMinutes). No time zone
 * database: China has one zone and no daylight saving time, so the offset is exact there.
 */
export interface LocalTime {
  /** Days since 1970-01-01 in local time (negative before it). */
  readonly dayNumber: number
  /** 0 = Sunday … 6 = Saturday. */
  readonly dayOfWeek: number
  /** 0 … 1439. */
  readonly minuteOfDay: number
}

const MS_PER_MINUTE = 60_000
const MS_PER_DAY = 86_400_000

export function localTimeOf(atMs: number, utcOffsetMinutes: number): LocalTime {
  const localMs = atMs + utcOffsetMinutes * MS_PER_MINUTE
  const dayNumber = Math.floor(localMs / MS_PER_DAY)
  const minuteOfDay = Math.floor((localMs - dayNumber * MS_PER_DAY) / MS_PER_MINUTE)
  return { dayNumber, dayOfWeek: dayOfWeekOf(dayNumber), minuteOfDay }
}

/** 1970-01-01 was a Thursday (4). */
export function dayOfWeekOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7
}

/** "YYYY-MM-DD" of a local day number; "" for a day no Date can hold. */
export function localDateOf(dayNumber: number): string {
  const date = new Date(dayNumber * MS_PER_DAY)
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10)
}

/** The local day number of "YYYY-MM-DD", or null if it is not a real calendar date. */
export function dayNumberOf(localDate: string): number | null {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(localDate)) return null
  const ms = Date.parse(`${localDate}T00:00:00.000Z`)
  if (!Number.isFinite(ms)) return null
  const dayNumber = ms / MS_PER_DAY
  return localDateOf(dayNumber) === localDate ? dayNumber : null
}
