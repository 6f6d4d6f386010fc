import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { planEarlyEnd, planExtension, type TimedOrder } from '../../../domain/access/timed-order.js'
import { auditChange, type ChangeContext } from './access-change.js'
import type { SqlConditions } from './sql-conditions.js'

/** The tables whose rows are timed orders, and the column that remembers an early end, if any. */
export interface TimedOrderTableSpec {
  readonly table: 'observation_orders' | 'lockdowns' | 'medical_exceptions'
  readonly endedEarlyColumn: 'released_early_at_ms' | 'lifted_early_at_ms' | null
  /** Audit subject kind and action prefix: `observation`, `lockdown`, `medical-exception`. */
  readonly auditKind: string
}

/** Which orders a list shows, relative to now. */
export const TIMED_ORDER_STATES = ['current', 'in-force', 'upcoming', 'ended'] as const
export type TimedOrderState = (typeof TIMED_ORDER_STATES)[number]

/** Adds the condition for `state` at `nowMs`, given the SQL of the start and end columns. */
export function addTimedStateCondition(
  conditions: SqlConditions,
  columns: { readonly startsAt: string; readonly endsAt: string },
  state: TimedOrderState | undefined,
  nowMs: number,
): void {
  const { startsAt, endsAt } = columns
  if (state === 'current') conditions.add(`${endsAt} > ?`, nowMs)
  if (state === 'in-force') conditions.add(`${startsAt} <= ? AND ${endsAt} > ?`, nowMs, nowMs)
  if (state === 'upcoming') conditions.add(`${startsAt} > ?`, nowMs)
  if (state === 'ended') conditions.add(`${endsAt} <= ?`, nowMs)
}

/**
 * Ends an order early (release from observation, lifting a lockdown, ending a medical exception):
 * the domain plans the new end (timed-order.ts), this writes it and its audit row
 * `<auditKind>.<action>`. Call inside `runAccessChange`.
 */
export function endTimedOrderEarly(
  connection: BetterSqlite3.Database,
  spec: TimedOrderTableSpec,
  request: { readonly id: string; readonly reason: string; readonly action: string },
  context: ChangeContext,
): AccessOutcome<null> {
  const order = timedOrderOf(connection, spec, request.id)
  if (order === null) return accessFailure('NOT_FOUND', `${spec.auditKind} ${request.id} not found`)
  const plan = planEarlyEnd(order, context.atMs)
  if (!plan.ok) return plan
  const setEarly = spec.endedEarlyColumn === null ? '' : `, ${spec.endedEarlyColumn} = @endedEarlyAtMs`
  connection.prepare(`UPDATE ${spec.table} SET ends_at_ms = @endsAtMs${setEarly} WHERE id = @id`).run({ id: request.id, ...plan.value })
  auditChange(connection, context, `${spec.auditKind}.${request.action}`, { kind: spec.auditKind, id: request.id }, {
    previousEndsAtMs: order.endsAtMs,
    endsAtMs: plan.value.endsAtMs,
    reason: request.reason,
  })
  return accessSuccess(null)
}

/** Moves an order's end later (by days from its end, or to an instant), audited `<auditKind>.extended`. */
export function extendTimedOrder(
  connection: BetterSqlite3.Database,
  spec: TimedOrderTableSpec,
  request: { readonly id: string; readonly reason: string; readonly endsAtMs?: number | undefined; readonly days?: number | undefined },
  context: ChangeContext,
): AccessOutcome<null> {
  const order = timedOrderOf(connection, spec, request.id)
  if (order === null) return accessFailure('NOT_FOUND', `${spec.auditKind} ${request.id} not found`)
  const plan = planExtension(order, request, context.atMs)
  if (!plan.ok) return plan
  connection.prepare(`UPDATE ${spec.table} SET ends_at_ms = ? WHERE id = ?`).run(plan.value.endsAtMs, request.id)
  auditChange(connection, context, `${spec.auditKind}.extended`, { kind: spec.auditKind, id: request.id }, {
    previousEndsAtMs: order.endsAtMs,
    endsAtMs: plan.value.endsAtMs,
    reason: request.reason,
  })
  return accessSuccess(null)
}

function timedOrderOf(connection: BetterSqlite3.Database, spec: TimedOrderTableSpec, id: string): TimedOrder | null {
  const early = spec.endedEarlyColumn ?? 'NULL'
  const row = connection
    .prepare(`SELECT starts_at_ms AS startsAtMs, ends_at_ms AS endsAtMs, ${early} AS endedEarlyAtMs FROM ${spec.table} WHERE id = ?`)
    .get(id) as TimedOrder | undefined
  return row ?? null
}
