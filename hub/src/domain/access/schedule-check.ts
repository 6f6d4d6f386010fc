import { dayNumberOf } from '../../../../protocol/policy/local-time.js'
import { parseScheduleWindow } from '../../../../protocol/policy/schedule-window.js'
import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'

export interface ScheduleWindows {
  readonly windows: readonly string[]
  readonly holidayWindows: readonly string[]
}

/**
 * Schedule windows checked with the edge's own grammar (protocol/policy/schedule-window.ts), so
 * a schedule the hub accepts is one every edge reads the same way. Lists every bad window.
 */
export function checkScheduleWindows(schedule: ScheduleWindows): AccessOutcome<ScheduleWindows> {
  const violations: string[] = []
  for (const field of ['windows', 'holidayWindows'] as const) {
    schedule[field].forEach((text, index) => {
      const parsed = parseScheduleWindow(text)
      if (!parsed.ok) violations.push(`/${field}/${index}: ${parsed.message}`)
    })
  }
  return violations.length === 0
    ? accessSuccess(schedule)
    : accessFailure('BAD_WINDOW', 'a schedule window is not "<days> HH:MM-HH:MM", e.g. "mon-fri 07:00-22:00"', violations)
}

/** A holiday's local date must be a real calendar date ("2026-02-30" is not). */
export function checkHolidayDate(localDate: string): AccessOutcome<string> {
  return dayNumberOf(localDate) === null
    ? accessFailure('BAD_DATE', `${localDate.slice(0, 16)} is not a calendar date (YYYY-MM-DD)`)
    : accessSuccess(localDate)
}
