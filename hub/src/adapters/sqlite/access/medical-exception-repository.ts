import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { newOrderWindow } from '../../../domain/access/timed-order.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, rowExists, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'
import { PERSONS_IN_GRID_SQL } from './subject-places.js'
import { addTimedStateCondition, endTimedOrderEarly, type TimedOrderState, type TimedOrderTableSpec } from './timed-order-rows.js'

export interface MedicalExceptionView {
  readonly id: string
  readonly personId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly approvedBy: string
  readonly reason: string
  readonly createdAtMs: number
}

export interface GrantMedicalException {
  readonly personId: string
  readonly startsAtMs?: number | undefined
  readonly endsAtMs: number
  readonly approvedBy: string
  readonly reason: string
}

const SPEC: TimedOrderTableSpec = { table: 'medical_exceptions', endedEarlyColumn: null, auditKind: 'medical-exception' }
const COLUMNS = `m.id, m.person_id AS personId, m.starts_at_ms AS startsAtMs, m.ends_at_ms AS endsAtMs, m.approved_by AS approvedBy,
  m.reason, m.created_at_ms AS createdAtMs`

/**
 * Leave for one person under home observation to go out (hospital, dialysis), approved by a named
 * staff member or doctor, for a window; the edge logs a grant it enables as MEDICAL_EXCEPTION.
 */
export class MedicalExceptionRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(exceptionId: string): MedicalExceptionView | null {
    return (this.#connection.prepare(`SELECT ${COLUMNS} FROM medical_exceptions m WHERE m.id = ?`).get(exceptionId) as MedicalExceptionView | undefined) ?? null
  }

  list(filter: { readonly personId?: string | undefined; readonly gridId?: string | undefined; readonly state?: TimedOrderState | undefined }, nowMs: number, page: PageRequest): ListPage<MedicalExceptionView> {
    const conditions = new SqlConditions()
      .addWhenGiven('m.person_id = ?', filter.personId)
      .addWhenGiven(`m.person_id IN ${PERSONS_IN_GRID_SQL}`, filter.gridId)
    addTimedStateCondition(conditions, { startsAt: 'm.starts_at_ms', endsAt: 'm.ends_at_ms' }, filter.state, nowMs)
    return selectPage<MedicalExceptionView, MedicalExceptionView>(this.#connection, { columns: COLUMNS, from: 'medical_exceptions m', orderBy: 'm.starts_at_ms, m.id' }, conditions, page, (row) => row)
  }

  grant(input: GrantMedicalException, context: ChangeContext): AccessOutcome<MedicalExceptionView> {
    return runAccessChange(this.#connection, () => {
      if (!rowExists(this.#connection, 'persons', input.personId)) return accessFailure('UNKNOWN_REFERENCE', `person ${input.personId} not found`)
      const window = newOrderWindow({ startsAtMs: input.startsAtMs, endsAtMs: input.endsAtMs }, 1, context.atMs)
      if (!window.ok) return window
      const id = newId('mex')
      this.#connection
        .prepare('INSERT INTO medical_exceptions (id, person_id, starts_at_ms, ends_at_ms, approved_by, reason, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.personId, window.value.startsAtMs, window.value.endsAtMs, input.approvedBy, input.reason, context.atMs)
      auditChange(this.#connection, context, 'medical-exception.granted', { kind: 'medical-exception', id }, {
        personId: input.personId,
        ...window.value,
        approvedBy: input.approvedBy,
        reason: input.reason,
      })
      return accessSuccess(this.get(id)!)
    })
  }

  /** Ends the leave now (the person is back); an exception not yet begun is cancelled. */
  endEarly(exceptionId: string, reason: string, context: ChangeContext): AccessOutcome<MedicalExceptionView> {
    return runAccessChange(this.#connection, () => {
      const ended = endTimedOrderEarly(this.#connection, SPEC, { id: exceptionId, reason, action: 'ended-early' }, context)
      return ended.ok ? accessSuccess(this.get(exceptionId)!) : ended
    })
  }
}
