import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { newOrderWindow, type OrderWindowInput } from '../../../domain/access/timed-order.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, rowExists, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'
import { addTimedStateCondition, endTimedOrderEarly, extendTimedOrder, type TimedOrderState, type TimedOrderTableSpec } from './timed-order-rows.js'

export interface LockdownView {
  readonly id: string
  readonly buildingId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly reason: string
  readonly createdByAccountId: string
  readonly createdAtMs: number
  readonly liftedEarlyAtMs: number | null
}

const SPEC: TimedOrderTableSpec = { table: 'lockdowns', endedEarlyColumn: 'lifted_early_at_ms', auditKind: 'lockdown' }
const COLUMNS = `l.id, l.building_id AS buildingId, l.starts_at_ms AS startsAtMs, l.ends_at_ms AS endsAtMs, l.reason,
  l.created_by_account_id AS createdByAccountId, l.created_at_ms AS createdAtMs, l.lifted_early_at_ms AS liftedEarlyAtMs`

/**
 * Sealed buildings (封楼, story 3): every door of the building refuses everyone but lockdown-exempt
 * staff until the end (14 days by default, like observation), unless lifted early.
 */
export class LockdownRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(lockdownId: string): LockdownView | null {
    return (this.#connection.prepare(`SELECT ${COLUMNS} FROM lockdowns l WHERE l.id = ?`).get(lockdownId) as LockdownView | undefined) ?? null
  }

  list(filter: { readonly buildingId?: string | undefined; readonly state?: TimedOrderState | undefined }, nowMs: number, page: PageRequest): ListPage<LockdownView> {
    const conditions = new SqlConditions().addWhenGiven('l.building_id = ?', filter.buildingId)
    addTimedStateCondition(conditions, { startsAt: 'l.starts_at_ms', endsAt: 'l.ends_at_ms' }, filter.state, nowMs)
    return selectPage<LockdownView, LockdownView>(this.#connection, { columns: COLUMNS, from: 'lockdowns l', orderBy: 'l.ends_at_ms, l.id' }, conditions, page, (row) => row)
  }

  seal(input: OrderWindowInput & { readonly buildingId: string; readonly reason: string }, defaultDays: number, context: ChangeContext & { readonly accountId: string }): AccessOutcome<LockdownView> {
    return runAccessChange(this.#connection, () => {
      if (!rowExists(this.#connection, 'buildings', input.buildingId)) return accessFailure('UNKNOWN_REFERENCE', `building ${input.buildingId} not found`)
      const window = newOrderWindow(input, defaultDays, context.atMs)
      if (!window.ok) return window
      const id = newId('lock')
      this.#connection
        .prepare('INSERT INTO lockdowns (id, building_id, starts_at_ms, ends_at_ms, reason, created_by_account_id, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.buildingId, window.value.startsAtMs, window.value.endsAtMs, input.reason, context.accountId, context.atMs)
      auditChange(this.#connection, context, 'lockdown.sealed', { kind: 'lockdown', id }, { buildingId: input.buildingId, ...window.value, reason: input.reason })
      return accessSuccess(this.get(id)!)
    })
  }

  liftEarly(lockdownId: string, reason: string, context: ChangeContext): AccessOutcome<LockdownView> {
    return runAccessChange(this.#connection, () => {
      const ended = endTimedOrderEarly(this.#connection, SPEC, { id: lockdownId, reason, action: 'lifted-early' }, context)
      return ended.ok ? accessSuccess(this.get(lockdownId)!) : ended
    })
  }

  extend(lockdownId: string, input: { readonly endsAtMs?: number | undefined; readonly days?: number | undefined; readonly reason: string }, context: ChangeContext): AccessOutcome<LockdownView> {
    return runAccessChange(this.#connection, () => {
      const extended = extendTimedOrder(this.#connection, SPEC, { id: lockdownId, ...input }, context)
      return extended.ok ? accessSuccess(this.get(lockdownId)!) : extended
    })
  }
}
