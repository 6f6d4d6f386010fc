/**
 * People under home observation report their temperature twice a day (story 3): once in the
 * morning (local 00:00–12:00) and once in the afternoon or evening (12:00–24:00). A report is
 * overdue from noon without a morning report, and from 20:00 without an evening one.
 */
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const NOON_HOUR = 12
const EVENING_DEADLINE_HOUR = 20

export interface TwiceDailyStatus {
  /** The local day reports are counted for: [startMs, startMs + 1 day). */
  readonly dayStartMs: number
  readonly hasMorningReport: boolean
  readonly hasEveningReport: boolean
  readonly isOverdue: boolean
}

/** The instant the local day containing `nowMs` starts (site offset east of UTC, in minutes). */
export function localDayStartMs(nowMs: number, utcOffsetMinutes: number): number {
  const offsetMs = utcOffsetMinutes * 60_000
  return Math.floor((nowMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs
}

/** Where today's reports (`reportedAtMs`, any order, any day) leave a person at `nowMs`. */
export function twiceDailyStatus(nowMs: number, utcOffsetMinutes: number, reportedAtMs: readonly number[]): TwiceDailyStatus {
  const dayStartMs = localDayStartMs(nowMs, utcOffsetMinutes)
  const noonMs = dayStartMs + NOON_HOUR * HOUR_MS
  const today = reportedAtMs.filter((atMs) => atMs >= dayStartMs && atMs < dayStartMs + DAY_MS)
  const hasMorningReport = today.some((atMs) => atMs < noonMs)
  const hasEveningReport = today.some((atMs) => atMs >= noonMs)
  const isOverdue = (nowMs >= noonMs && !hasMorningReport) || (nowMs >= dayStartMs + EVENING_DEADLINE_HOUR * HOUR_MS && !hasEveningReport)
  return { dayStartMs, hasMorningReport, hasEveningReport, isOverdue }
}

/** Whole days left until `endsAtMs`, counting a started day as one (0 once it has ended). */
export function daysLeft(nowMs: number, endsAtMs: number): number {
  return Math.max(0, Math.ceil((endsAtMs - nowMs) / DAY_MS))
}
