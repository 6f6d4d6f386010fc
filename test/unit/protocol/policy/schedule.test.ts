import t from 'tap'
import { formatScheduleWindow, parseScheduleWindow } from '../../../../protocol/policy/schedule-window.js'
import { isScheduleOpen } from '../../../../protocol/policy/schedule-evaluation.js'
import { dayNumberOf, localDateOf, localTimeOf } from '../../../../protocol/policy/local-time.js'

const CST = 480
/** An instant given as China Standard Time wall-clock. */
const cst = (date: string, time: string) => Date.parse(`${date}T${time}:00.000+08:00`)
const schedule = (windows: string[], holidays: string[] = [], holidayWindows: string[] = []) => ({ windows, holidays, holidayWindows })

t.test('parses day lists, ranges and daily', async (t) => {
  const mask = (text: string) => {
    const parsed = parseScheduleWindow(`${text} 07:00-22:00`)
    return parsed.ok ? parsed.window.dayMask : null
  }
  t.equal(mask('mon-fri'), 0b0111110)
  t.equal(mask('sat,sun'), 0b1000001)
  t.equal(mask('fri-mon'), 0b1100011, 'a range wraps over the week end')
  t.equal(mask('daily'), 0x7f)
  t.equal(mask('mon,mon-tue'), 0b0000110)
})

t.test('parses times, with a midnight-crossing end lifted past 1440', async (t) => {
  t.same(parseScheduleWindow('daily 00:00-24:00'), { ok: true, window: { dayMask: 0x7f, startMinute: 0, endMinute: 1440 } })
  t.same(parseScheduleWindow('fri 22:00-02:00'), { ok: true, window: { dayMask: 1 << 5, startMinute: 1320, endMinute: 1560 } })
  t.same(parseScheduleWindow('sun 23:30-00:00'), { ok: true, window: { dayMask: 1, startMinute: 1410, endMinute: 1440 } })
})

t.test('refuses malformed windows with BAD_WINDOW', async (t) => {
  for (const text of ['', 'mon', 'mon 7:00-22:00', 'mon 07:00-24:01', 'mon 24:00-02:00', 'mon 07:60-08:00', 'funday 07:00-08:00', 'mon-fri-sat 07:00-08:00', 'mon 08:00-08:00', 'MON 07:00-08:00', ' mon 07:00-08:00', 'mon,,tue 07:00-08:00']) {
    const parsed = parseScheduleWindow(text)
    t.equal(parsed.ok ? 'ok' : parsed.code, 'BAD_WINDOW', JSON.stringify(text))
  }
  t.equal((parseScheduleWindow(42 as unknown as string) as { code: string }).code, 'BAD_WINDOW', 'a non-string does not throw')
})

t.test('formats a window back to text that parses to the same window', async (t) => {
  for (const text of ['mon-fri 07:00-22:00', 'daily 00:00-24:00', 'fri,sat 22:00-02:00', 'sun 23:30-00:00', 'wed 00:00-00:01']) {
    const parsed = parseScheduleWindow(text)
    if (!parsed.ok) throw new Error(text)
    t.same(parseScheduleWindow(formatScheduleWindow(parsed.window)), parsed, text)
  }
})

t.test('local time applies a fixed UTC offset; dates round-trip', async (t) => {
  t.same(localTimeOf(cst('2026-03-02', '00:30'), CST), { dayNumber: dayNumberOf('2026-03-02'), dayOfWeek: 1, minuteOfDay: 30 })
  t.same(localTimeOf(cst('2026-03-02', '00:30'), 0).dayOfWeek, 0, 'the same instant is still Sunday in UTC')
  t.equal(localDateOf(dayNumberOf('1969-12-31')!), '1969-12-31', 'works before the epoch')
  t.equal(localTimeOf(Date.UTC(1969, 11, 31, 23, 59), 0).dayOfWeek, 3, '1969-12-31 was a Wednesday')
  t.equal(dayNumberOf('2026-02-30'), null, 'a date that does not exist')
  t.equal(dayNumberOf('2026-3-2'), null)
})

t.test('opens inside a plain window, closed at its end (end exclusive)', async (t) => {
  const weekdays = schedule(['mon-fri 07:00-22:00'])
  t.equal(isScheduleOpen(weekdays, cst('2026-03-02', '07:00'), CST), true)
  t.equal(isScheduleOpen(weekdays, cst('2026-03-02', '06:59'), CST), false)
  t.equal(isScheduleOpen(weekdays, cst('2026-03-02', '21:59'), CST), true)
  t.equal(isScheduleOpen(weekdays, cst('2026-03-02', '22:00'), CST), false)
  t.equal(isScheduleOpen(weekdays, cst('2026-03-07', '10:00'), CST), false, 'Saturday')
})

t.test('a midnight-crossing window belongs to its start day', async (t) => {
  const fridayNight = schedule(['fri 22:00-02:00'])
  t.equal(isScheduleOpen(fridayNight, cst('2026-03-06', '23:00'), CST), true, 'Friday 23:00')
  t.equal(isScheduleOpen(fridayNight, cst('2026-03-07', '01:59'), CST), true, 'Saturday 01:59 is still Friday night')
  t.equal(isScheduleOpen(fridayNight, cst('2026-03-07', '02:00'), CST), false, 'Saturday 02:00 it ends')
  t.equal(isScheduleOpen(fridayNight, cst('2026-03-06', '01:00'), CST), false, 'Friday 01:00 belongs to Thursday night')
  t.equal(isScheduleOpen(fridayNight, cst('2026-03-07', '23:00'), CST), false, 'Saturday night is not listed')
  const sundayNight = schedule(['sun 22:00-06:00'])
  t.equal(isScheduleOpen(sundayNight, cst('2026-03-09', '05:00'), CST), true, 'crosses from the last day of the week to the first')
})

t.test('holidays replace the windows that start that day', async (t) => {
  const nationalDay = schedule(['mon-fri 07:00-22:00', 'daily 22:00-02:00'], ['2026-10-01'], ['daily 09:00-12:00'])
  t.equal(isScheduleOpen(nationalDay, cst('2026-10-01', '08:00'), CST), false, 'ordinary hours do not apply on the holiday')
  t.equal(isScheduleOpen(nationalDay, cst('2026-10-01', '10:00'), CST), true, 'holiday windows do')
  t.equal(isScheduleOpen(nationalDay, cst('2026-10-01', '01:00'), CST), true, 'the night window that began the day before still runs')
  t.equal(isScheduleOpen(nationalDay, cst('2026-10-01', '23:00'), CST), false, 'no night window starts on the holiday')
  t.equal(isScheduleOpen(nationalDay, cst('2026-10-02', '01:00'), CST), false, '...so it is closed after midnight too')
  t.equal(isScheduleOpen(nationalDay, cst('2026-10-02', '08:00'), CST), true, 'the day after is ordinary')
  t.equal(isScheduleOpen(schedule(['daily 00:00-24:00'], ['2026-10-01']), cst('2026-10-01', '12:00'), CST), false, 'no holiday windows: closed all day')
})

t.test('the time zone offset decides the local day and hour', async (t) => {
  const mondayMorning = schedule(['mon 07:00-09:00'])
  const at = Date.UTC(2026, 2, 2, 0, 0)
  t.equal(isScheduleOpen(mondayMorning, at, CST), true, '00:00Z is 08:00 in Beijing')
  t.equal(isScheduleOpen(mondayMorning, at, 0), false, '...and 00:00 in London')
  t.equal(isScheduleOpen(mondayMorning, Date.UTC(2026, 2, 1, 23, 0), CST), true, 'Sunday 23:00Z is Monday 07:00 in Beijing')
  t.equal(isScheduleOpen(schedule(['mon 07:00-09:00']), Date.UTC(2026, 2, 2, 19, 0), -720), true, 'UTC-12: Monday 07:00')
  t.equal(isScheduleOpen(schedule(['tue 07:00-09:00']), Date.UTC(2026, 2, 2, 18, 0), 840), true, 'UTC+14: Tuesday 08:00')
})

t.test('broken input never opens and never throws', async (t) => {
  t.equal(isScheduleOpen(schedule(['rubbish']), cst('2026-03-02', '10:00'), CST), false)
  t.equal(isScheduleOpen(schedule(['daily 00:00-24:00']), Number.NaN, CST), false)
  t.equal(isScheduleOpen(schedule(['daily 00:00-24:00']), 1e20, CST), false)
})
