import { parseScheduleWindow } from '../../../../../protocol/policy/schedule-window.js'
import type { I18n } from '../../../shared/i18n.js'

const MINUTES_PER_DAY = 1440
/** Monday first, as people read a week here; the values are Date.getUTCDay() numbers. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

/** Runs of consecutive days in Monday-first order: "周一至周五", "周六、周日". */
function daysInWords(i18n: I18n, dayMask: number): string {
  if (dayMask === 0x7f) return i18n.t('schedules.everyDay')
  const runs: number[][] = []
  for (const day of WEEK) {
    if ((dayMask & (1 << day)) === 0) continue
    const last = runs[runs.length - 1]
    const previous = last?.[last.length - 1]
    if (last !== undefined && previous !== undefined && WEEK.indexOf(previous as (typeof WEEK)[number]) === WEEK.indexOf(day) - 1) last.push(day)
    else runs.push([day])
  }
  const name = (day: number) => i18n.t(`schedules.day.${day}`)
  return runs
    .map((run) => (run.length >= 3 ? i18n.t('schedules.dayRange', { from: name(run[0]!), to: name(run[run.length - 1]!) }) : run.map(name).join(i18n.t('schedules.listSeparator'))))
    .join(i18n.t('schedules.listSeparator'))
}

/**
 * A schedule window ("mon-fri 07:00-22:00", the edge's grammar: protocol/policy/schedule-window.ts)
 * in words a person reads: "周一至周五 07:00–22:00", "Fri, Sat 22:00 – 02:00 next day", "every
 * day, all day". A window that does not parse is said to be invalid, never guessed at.
 */
export function windowInWords(i18n: I18n, text: string): string {
  const parsed = parseScheduleWindow(text)
  if (!parsed.ok) return i18n.t('schedules.invalidWindow', { text })
  const { dayMask, startMinute, endMinute } = parsed.window
  const days = daysInWords(i18n, dayMask)
  if (startMinute === 0 && endMinute === MINUTES_PER_DAY) return i18n.t('schedules.allDay', { days })
  if (endMinute > MINUTES_PER_DAY) return i18n.t('schedules.overnight', { days, from: clock(startMinute), to: clock(endMinute - MINUTES_PER_DAY) })
  return i18n.t('schedules.window', { days, from: clock(startMinute), to: clock(endMinute) })
}

/** The lines of a windows text area that do not parse, or null when every line is a window. */
export function badWindowLines(text: string): string[] | null {
  const bad = windowLines(text).filter((line) => !parseScheduleWindow(line).ok)
  return bad.length === 0 ? null : bad
}

/** One window per line; blank lines ignored; lower-cased (the grammar's day names are). */
export function windowLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().toLowerCase().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
}
