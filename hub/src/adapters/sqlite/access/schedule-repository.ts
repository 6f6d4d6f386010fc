import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { checkHolidayDate, checkScheduleWindows, type ScheduleWindows } from '../../../domain/access/schedule-check.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'

export interface ScheduleView extends ScheduleWindows {
  readonly id: string
  readonly name: string
  readonly createdAtMs: number
}

export interface HolidayView {
  readonly localDate: string
  readonly name: string
}

interface ScheduleRow {
  readonly id: string
  readonly name: string
  readonly windows: string
  readonly holidayWindows: string
  readonly createdAtMs: number
}

const COLUMNS = 's.id, s.name, s.windows, s.holiday_windows AS holidayWindows, s.created_at_ms AS createdAtMs'
const StoredWindows = Type.Array(Type.String())

/** The windows columns hold JSON lists this repository wrote; anything else is a corrupt row. */
function storedWindows(text: string, scheduleId: string): string[] {
  const parsed: unknown = JSON.parse(text)
  if (!Value.Check(StoredWindows, parsed)) throw Object.assign(new Error(`schedule ${scheduleId} has corrupt windows`), { code: 'CORRUPT_SCHEDULE' })
  return parsed
}

function viewOf(row: ScheduleRow): ScheduleView {
  return {
    id: row.id,
    name: row.name,
    windows: storedWindows(row.windows, row.id),
    holidayWindows: storedWindows(row.holidayWindows, row.id),
    createdAtMs: row.createdAtMs,
  }
}

/** Weekly schedules that access rules apply on, and the community's holiday calendar. */
export class ScheduleRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(scheduleId: string): ScheduleView | null {
    const row = this.#connection.prepare(`SELECT ${COLUMNS} FROM schedules s WHERE s.id = ?`).get(scheduleId) as ScheduleRow | undefined
    return row === undefined ? null : viewOf(row)
  }

  list(page: PageRequest): ListPage<ScheduleView> {
    return selectPage(this.#connection, { columns: COLUMNS, from: 'schedules s', orderBy: 's.name' }, new SqlConditions(), page, viewOf)
  }

  create(input: { readonly name: string } & ScheduleWindows, context: ChangeContext): AccessOutcome<ScheduleView> {
    return runAccessChange(this.#connection, () => {
      const windows = checkScheduleWindows(input)
      if (!windows.ok) return windows
      if (this.#nameTaken(input.name, null)) return accessFailure('NAME_TAKEN', `a schedule named ${input.name} exists`)
      const id = newId('sch')
      this.#connection
        .prepare('INSERT INTO schedules (id, name, windows, holiday_windows, created_at_ms) VALUES (?, ?, ?, ?, ?)')
        .run(id, input.name, JSON.stringify(input.windows), JSON.stringify(input.holidayWindows), context.atMs)
      auditChange(this.#connection, context, 'schedule.created', { kind: 'schedule', id }, { name: input.name, windows: input.windows, holidayWindows: input.holidayWindows })
      return accessSuccess(this.get(id)!)
    })
  }

  update(scheduleId: string, input: { readonly name?: string | undefined; readonly windows?: readonly string[] | undefined; readonly holidayWindows?: readonly string[] | undefined }, context: ChangeContext): AccessOutcome<ScheduleView> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(scheduleId)
      if (current === null) return accessFailure('NOT_FOUND', `schedule ${scheduleId} not found`)
      const next = { name: input.name ?? current.name, windows: input.windows ?? current.windows, holidayWindows: input.holidayWindows ?? current.holidayWindows }
      const windows = checkScheduleWindows(next)
      if (!windows.ok) return windows
      if (this.#nameTaken(next.name, scheduleId)) return accessFailure('NAME_TAKEN', `a schedule named ${next.name} exists`)
      this.#connection
        .prepare('UPDATE schedules SET name = ?, windows = ?, holiday_windows = ? WHERE id = ?')
        .run(next.name, JSON.stringify(next.windows), JSON.stringify(next.holidayWindows), scheduleId)
      auditChange(this.#connection, context, 'schedule.changed', { kind: 'schedule', id: scheduleId }, { from: { windows: current.windows, holidayWindows: current.holidayWindows, name: current.name }, to: next })
      return accessSuccess(this.get(scheduleId)!)
    })
  }

  /** Refused IN_USE while an access rule applies on it. */
  delete(scheduleId: string, context: ChangeContext): AccessOutcome<{ id: string }> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(scheduleId)
      if (current === null) return accessFailure('NOT_FOUND', `schedule ${scheduleId} not found`)
      const rules = this.#connection.prepare('SELECT COUNT(*) AS n FROM access_rules WHERE schedule_id = ?').get(scheduleId) as { n: number }
      if (rules.n > 0) return accessFailure('IN_USE', `${rules.n} access rule(s) apply on schedule ${scheduleId}; change them first`)
      this.#connection.prepare('DELETE FROM schedules WHERE id = ?').run(scheduleId)
      auditChange(this.#connection, context, 'schedule.removed', { kind: 'schedule', id: scheduleId }, { name: current.name })
      return accessSuccess({ id: scheduleId })
    })
  }

  listHolidays(range: { readonly from?: string | undefined; readonly to?: string | undefined }, page: PageRequest): ListPage<HolidayView> {
    const conditions = new SqlConditions().addWhenGiven('h.local_date >= ?', range.from).addWhenGiven('h.local_date <= ?', range.to)
    return selectPage<HolidayView, HolidayView>(
      this.#connection,
      { columns: 'h.local_date AS localDate, h.name', from: 'holidays h', orderBy: 'h.local_date' },
      conditions,
      page,
      (row) => row,
    )
  }

  /** Adds a holiday, or renames the one on that date. */
  putHoliday(holiday: HolidayView, context: ChangeContext): AccessOutcome<HolidayView> {
    return runAccessChange(this.#connection, () => {
      const date = checkHolidayDate(holiday.localDate)
      if (!date.ok) return date
      this.#connection
        .prepare('INSERT INTO holidays (local_date, name) VALUES (?, ?) ON CONFLICT (local_date) DO UPDATE SET name = excluded.name')
        .run(holiday.localDate, holiday.name)
      auditChange(this.#connection, context, 'holiday.set', { kind: 'holiday', id: holiday.localDate }, { name: holiday.name })
      return accessSuccess({ localDate: holiday.localDate, name: holiday.name })
    })
  }

  deleteHoliday(localDate: string, context: ChangeContext): AccessOutcome<{ localDate: string }> {
    return runAccessChange(this.#connection, () => {
      const removed = this.#connection.prepare('DELETE FROM holidays WHERE local_date = ?').run(localDate)
      if (removed.changes === 0) return accessFailure('NOT_FOUND', `no holiday on ${localDate}`)
      auditChange(this.#connection, context, 'holiday.removed', { kind: 'holiday', id: localDate })
      return accessSuccess({ localDate })
    })
  }

  #nameTaken(name: string, exceptId: string | null): boolean {
    const row = this.#connection.prepare('SELECT id FROM schedules WHERE name = ?').get(name) as { id: string } | undefined
    return row !== undefined && row.id !== exceptId
  }
}
