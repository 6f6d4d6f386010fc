import type BetterSqlite3 from 'better-sqlite3'
import type { ObservationSubjectKind } from '../../../../../protocol/policy/policy-observation.js'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { newOrderWindow, type OrderWindowInput } from '../../../domain/access/timed-order.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, rowExists, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'
import { householdBuildingSql, householdGridSql } from './subject-places.js'
import { addTimedStateCondition, endTimedOrderEarly, extendTimedOrder, type TimedOrderState, type TimedOrderTableSpec } from './timed-order-rows.js'

export interface ObservationOrderView {
  readonly id: string
  readonly subjectKind: ObservationSubjectKind
  readonly subjectId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly reason: string
  readonly createdByAccountId: string
  readonly createdAtMs: number
  readonly releasedEarlyAtMs: number | null
}

export interface ObservationFilter {
  readonly subjectKind?: ObservationSubjectKind | undefined
  readonly subjectId?: string | undefined
  /** Orders that hold this person: on them, their household or their building. */
  readonly appliesToPersonId?: string | undefined
  readonly gridId?: string | undefined
  readonly state?: TimedOrderState | undefined
}

export interface PlaceObservation extends OrderWindowInput {
  readonly subjectKind: ObservationSubjectKind
  readonly subjectId: string
  readonly reason: string
}

const SUBJECT_TABLES: Record<ObservationSubjectKind, string> = { person: 'persons', household: 'households', building: 'buildings' }
const SPEC: TimedOrderTableSpec = { table: 'observation_orders', endedEarlyColumn: 'released_early_at_ms', auditKind: 'observation' }
const COLUMNS = `o.id, o.subject_kind AS subjectKind, o.subject_id AS subjectId, o.starts_at_ms AS startsAtMs, o.ends_at_ms AS endsAtMs,
  o.reason, o.created_by_account_id AS createdByAccountId, o.created_at_ms AS createdAtMs, o.released_early_at_ms AS releasedEarlyAtMs`
const PERSON_HOUSEHOLD = (personIdSql: string) => `(SELECT household_id FROM persons WHERE id = ${personIdSql})`
const ORDER_GRID = `CASE o.subject_kind
    WHEN 'person' THEN ${householdGridSql(PERSON_HOUSEHOLD('o.subject_id'))}
    WHEN 'household' THEN ${householdGridSql('o.subject_id')}
    ELSE (SELECT grid_id FROM buildings WHERE id = o.subject_id) END`

/**
 * Home observation orders (居家观察, story 3) on a person, a household or a whole building: placed
 * for the site's default 14 days, released early or extended, every step audited. The order lifts
 * by itself at `ends_at_ms`; the edges enforce it offline from their policy.
 */
export class ObservationRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(orderId: string): ObservationOrderView | null {
    return (this.#connection.prepare(`SELECT ${COLUMNS} FROM observation_orders o WHERE o.id = ?`).get(orderId) as ObservationOrderView | undefined) ?? null
  }

  list(filter: ObservationFilter, nowMs: number, page: PageRequest): ListPage<ObservationOrderView> {
    const conditions = new SqlConditions()
      .addWhenGiven('o.subject_kind = ?', filter.subjectKind)
      .addWhenGiven('o.subject_id = ?', filter.subjectId)
      .addWhenGiven(`${ORDER_GRID} = ?`, filter.gridId)
    if (filter.appliesToPersonId !== undefined) {
      const person = filter.appliesToPersonId
      conditions.add(
        `((o.subject_kind = 'person' AND o.subject_id = ?) OR (o.subject_kind = 'household' AND o.subject_id = ${PERSON_HOUSEHOLD('?')})
          OR (o.subject_kind = 'building' AND o.subject_id = ${householdBuildingSql(PERSON_HOUSEHOLD('?'))}))`,
        person,
        person,
        person,
      )
    }
    addTimedStateCondition(conditions, { startsAt: 'o.starts_at_ms', endsAt: 'o.ends_at_ms' }, filter.state, nowMs)
    return selectPage<ObservationOrderView, ObservationOrderView>(this.#connection, { columns: COLUMNS, from: 'observation_orders o', orderBy: 'o.ends_at_ms, o.id' }, conditions, page, (row) => row)
  }

  /** Days of home observation the site sets by default (site.observation_default_days; 14 without a site). */
  defaultDays(): number {
    const row = this.#connection.prepare('SELECT observation_default_days AS days FROM sites ORDER BY id LIMIT 1').get() as { days: number } | undefined
    return row?.days ?? 14
  }

  place(input: PlaceObservation, context: ChangeContext & { readonly accountId: string }): AccessOutcome<ObservationOrderView> {
    return runAccessChange(this.#connection, () => {
      if (!rowExists(this.#connection, SUBJECT_TABLES[input.subjectKind], input.subjectId)) {
        return accessFailure('UNKNOWN_REFERENCE', `${input.subjectKind} ${input.subjectId} not found`)
      }
      const window = newOrderWindow(input, this.defaultDays(), context.atMs)
      if (!window.ok) return window
      const id = newId('obs')
      this.#connection
        .prepare(
          `INSERT INTO observation_orders (id, subject_kind, subject_id, starts_at_ms, ends_at_ms, reason, created_by_account_id, created_at_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.subjectKind, input.subjectId, window.value.startsAtMs, window.value.endsAtMs, input.reason, context.accountId, context.atMs)
      auditChange(this.#connection, context, 'observation.placed', { kind: 'observation', id }, {
        subjectKind: input.subjectKind,
        subjectId: input.subjectId,
        ...window.value,
        reason: input.reason,
      })
      return accessSuccess(this.get(id)!)
    })
  }

  releaseEarly(orderId: string, reason: string, context: ChangeContext): AccessOutcome<ObservationOrderView> {
    return runAccessChange(this.#connection, () => {
      const ended = endTimedOrderEarly(this.#connection, SPEC, { id: orderId, reason, action: 'released-early' }, context)
      return ended.ok ? accessSuccess(this.get(orderId)!) : ended
    })
  }

  extend(orderId: string, input: { readonly endsAtMs?: number | undefined; readonly days?: number | undefined; readonly reason: string }, context: ChangeContext): AccessOutcome<ObservationOrderView> {
    return runAccessChange(this.#connection, () => {
      const extended = extendTimedOrder(this.#connection, SPEC, { id: orderId, ...input }, context)
      return extended.ok ? accessSuccess(this.get(orderId)!) : extended
    })
  }
}
