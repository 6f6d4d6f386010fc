import type BetterSqlite3 from 'better-sqlite3'
import type { AccessFailure, AccessOutcome } from '../../../domain/access/access-failure.js'
import { appendAudit, type AuditActor } from '../append-audit.js'

/** Who makes a change to the access model, and when (the hub clock's now). */
export interface ChangeContext {
  readonly actor: AuditActor
  readonly atMs: number
}

const ROLLBACK = Symbol('rollback')

/**
 * Runs `work` in one IMMEDIATE transaction (the write lock is taken up front, so a concurrent
 * writer waits instead of failing half-way). A refusal returned by `work` rolls back whatever it
 * wrote and comes back as the value; an exception rolls back and propagates.
 */
export function runAccessChange<T>(connection: BetterSqlite3.Database, work: () => AccessOutcome<T>): AccessOutcome<T> {
  let refusal: AccessFailure | null = null
  try {
    return connection
      .transaction(() => {
        const outcome = work()
        if (!outcome.ok) {
          refusal = outcome
          throw ROLLBACK
        }
        return outcome
      })
      .immediate()
  } catch (error) {
    if (error === ROLLBACK && refusal !== null) return refusal
    throw error
  }
}

/** The audit row of a change, written inside its transaction (`runAccessChange`). */
export function auditChange(
  connection: BetterSqlite3.Database,
  context: ChangeContext,
  action: string,
  subject: { readonly kind: string; readonly id: string | null },
  detail: Readonly<Record<string, unknown>> = {},
): void {
  appendAudit(connection, { actor: context.actor, action, subjectKind: subject.kind, subjectId: subject.id, detail, atMs: context.atMs })
}

/** One page of a list, and how many rows match the filters in all. */
export interface ListPage<T> {
  readonly items: readonly T[]
  readonly total: number
}

export interface PageRequest {
  readonly limit: number
  readonly offset: number
}

/** True when a row with this key exists in `table` (a fixed name from the caller, never input). */
export function rowExists(connection: BetterSqlite3.Database, table: string, id: string, column = 'id'): boolean {
  return connection.prepare(`SELECT 1 FROM ${table} WHERE ${column} = ?`).get(id) !== undefined
}
