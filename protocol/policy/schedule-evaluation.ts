import { dayOfWeekOf, localDateOf, localTimeOf } from './local-time.js'
import { MAX_EPOCH_MS } from './policy-field-schemas.js'
import { parseScheduleWindow, type ScheduleWindow } from './schedule-window.js'

/** The parts of a `schedule` row that decide whether it is open. */
export interface ScheduleDefinition {
  readonly windows: readonly string[]
  readonly holidays: readonly string[]
  readonly holidayWindows: readonly string[]
}

const MINUTES_PER_DAY = 1440

/**
 * Whether the schedule is open at `atMs`, in the site's local time. Each window belongs to the day
 * it starts on, so two start days are candidates: today, and yesterday for windows that run past
 * midnight. On a start day listed in `holidays`, `holidayWindows` apply instead of `windows`.
 * A window that does not parse never opens (rows are validated when applied; this stays total),
 * nor does an instant that no Date can hold.
 */
export function isScheduleOpen(schedule: ScheduleDefinition, atMs: number, utcOffsetMinutes: number): boolean {
  if (!(Math.abs(atMs) <= MAX_EPOCH_MS) || !Number.isFinite(utcOffsetMinutes)) return false
  const now = localTimeOf(atMs, utcOffsetMinutes)
  for (const daysBack of [0, 1]) {
    const startDay = now.dayNumber - daysBack
    const minuteFromStartDay = now.minuteOfDay + daysBack * MINUTES_PER_DAY
    const isHoliday = schedule.holidays.includes(localDateOf(startDay))
    const windows = isHoliday ? schedule.holidayWindows : schedule.windows
    const startDayOfWeek = dayOfWeekOf(startDay)
    if (windows.some((text) => covers(parseScheduleWindow(text), startDayOfWeek, minuteFromStartDay))) return true
  }
  return false
}

function covers(
  parsed: { ok: true; window: ScheduleWindow } | { ok: false },
  startDayOfWeek: number,
  minuteFromStartDay: number,
): boolean {
  if (!parsed.ok) return false
  const { dayMask, startMinute, endMinute } = parsed.window
  return (dayMask & (1 << startDayOfWeek)) !== 0 && minuteFromStartDay >= startMinute && minuteFromStartDay < endMinute
}
