/**
 * One window of a schedule, written as text so an admin can read it in the policy:
 *
 *   window   = days " " start "-" end          "mon-fri 07:00-22:00"
 *   days     = "daily" | item ("," item)*       "mon,wed,fri"  "sat-sun"  "fri-mon" (wraps)
 *   item     = day | day "-" day
 *   day      = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"
 *   start    = 00:00 … 23:59      end = 00:00 … 24:00
 *
 * Times are the site's local time. An end that is not after the start runs past midnight: the
 * window "fri 22:00-02:00" is open from Friday 22:00 until Saturday 02:00 and belongs to Friday
 * (its start day) for the day list and for holidays. A start equal to the end is refused as
 * ambiguous; a whole day is "00:00-24:00".
 */
export interface ScheduleWindow {
  /** Bit d set for day d, 0 = Sunday … 6 = Saturday (as Date.prototype.getUTCDay). */
  readonly dayMask: number
  readonly startMinute: number
  /** Minutes after the start day's midnight; above 1440 when the window runs past midnight. */
  readonly endMinute: number
}

export type ScheduleWindowResult =
  | { readonly ok: true; readonly window: ScheduleWindow }
  | { readonly ok: false; readonly code: 'BAD_WINDOW'; readonly message: string }

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
const MINUTES_PER_DAY = 1440
const WINDOW_SYNTAX = /^([a-z,-]+) ([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$/

export function parseScheduleWindow(text: string): ScheduleWindowResult {
  const match = typeof text === 'string' ? WINDOW_SYNTAX.exec(text) : null
  if (match === null) return badWindow(`"${String(text).slice(0, 64)}" is not "<days> HH:MM-HH:MM"`)
  const dayMask = parseDays(match[1]!)
  if (dayMask === null) return badWindow(`"${match[1]}" is not a list of days such as "mon-fri" or "sat,sun"`)
  const startMinute = minuteOf(match[2]!, match[3]!, false)
  const end = minuteOf(match[4]!, match[5]!, true)
  if (startMinute === null || end === null) return badWindow('times run from 00:00 to 23:59 (24:00 as an end)')
  if (startMinute === end) return badWindow('a window whose start equals its end is ambiguous; use 00:00-24:00')
  const endMinute = end > startMinute ? end : end + MINUTES_PER_DAY
  return { ok: true, window: { dayMask, startMinute, endMinute } }
}

/** The text form of a window (days as a comma list of single days); parses back to the same window. */
export function formatScheduleWindow(window: ScheduleWindow): string {
  const days = DAY_NAMES.filter((_, day) => (window.dayMask & (1 << day)) !== 0)
  const text = days.length === 7 ? 'daily' : days.join(',')
  return `${text} ${clock(window.startMinute)}-${clock(window.endMinute % MINUTES_PER_DAY || MINUTES_PER_DAY)}`
}

function parseDays(text: string): number | null {
  if (text === 'daily') return 0x7f
  let mask = 0
  for (const item of text.split(',')) {
    const [from, to, extra] = item.split('-')
    const first = dayIndex(from)
    const last = to === undefined ? first : dayIndex(to)
    if (first === null || last === null || extra !== undefined) return null
    for (let day = first; ; day = (day + 1) % 7) {
      mask |= 1 << day
      if (day === last) break
    }
  }
  return mask
}

function dayIndex(name: string | undefined): number | null {
  const index = DAY_NAMES.indexOf(name as (typeof DAY_NAMES)[number])
  return index < 0 ? null : index
}

function minuteOf(hours: string, minutes: string, isEnd: boolean): number | null {
  const minute = Number(hours) * 60 + Number(minutes)
  if (Number(minutes) > 59) return null
  return minute < MINUTES_PER_DAY || (isEnd && minute === MINUTES_PER_DAY) ? minute : null
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

function badWindow(message: string): ScheduleWindowResult {
  return { ok: false, code: 'BAD_WINDOW', message }
}
