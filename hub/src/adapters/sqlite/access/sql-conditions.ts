import type BetterSqlite3 from 'better-sqlite3'
import type { ListPage, PageRequest } from './access-change.js'

/** The WHERE clause of a filtered list, built from fixed SQL fragments and bound parameters. */
export class SqlConditions {
  readonly #clauses: string[] = []
  readonly #params: unknown[] = []

  /** Adds `clause` (with `?` placeholders for `params`). */
  add(clause: string, ...params: unknown[]): this {
    this.#clauses.push(clause)
    this.#params.push(...params)
    return this
  }

  /** Adds `clause` bound to `value` unless the filter was not given. */
  addWhenGiven(clause: string, value: unknown): this {
    return value === undefined ? this : this.add(clause, value)
  }

  get sql(): string {
    return this.#clauses.length === 0 ? '' : `WHERE ${this.#clauses.join(' AND ')}`
  }

  get params(): readonly unknown[] {
    return this.#params
  }
}

/**
 * One page of `SELECT <columns> FROM <from> <where> ORDER BY <orderBy>` mapped by `toItem`, and
 * the total count of matching rows. `from`, `columns` and `orderBy` are fixed SQL, never input;
 * `countFrom` (default `from`) may leave out joins the conditions do not need.
 */
export function selectPage<Row, Item>(
  connection: BetterSqlite3.Database,
  query: { readonly columns: string; readonly from: string; readonly orderBy: string; readonly countFrom?: string },
  conditions: SqlConditions,
  page: PageRequest,
  toItem: (row: Row) => Item,
): ListPage<Item> {
  const where = conditions.sql
  const rows = connection
    .prepare(`SELECT ${query.columns} FROM ${query.from} ${where} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`)
    .all(...conditions.params, page.limit, page.offset) as Row[]
  const { total } = connection.prepare(`SELECT COUNT(*) AS total FROM ${query.countFrom ?? query.from} ${where}`).get(...conditions.params) as { total: number }
  return { items: rows.map(toItem), total }
}
