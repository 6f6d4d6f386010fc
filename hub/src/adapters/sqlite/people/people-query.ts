import type BetterSqlite3 from 'better-sqlite3'

export interface PageRequest {
  readonly limit: number
  readonly offset: number
}

/** One page of a list and how many rows match in all. */
export interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

/**
 * A filtered list over fixed SQL: `from` and `columns` are constants of the repository, filters
 * are bound parameters. `containing` builds a LIKE pattern with `%`, `_` and `\` escaped.
 */
export class PeopleQuery {
  readonly #clauses: string[] = []
  readonly #params: unknown[] = []

  where(clause: string, ...params: unknown[]): this {
    this.#clauses.push(clause)
    this.#params.push(...params)
    return this
  }

  whereGiven(clause: string, value: string | number | null | undefined): this {
    return value === undefined || value === null || value === '' ? this : this.where(clause, value)
  }

  /** `countFrom`: the tables the count needs, when fewer than `from` (unused LEFT JOINs cost a lookup per row). */
  page<Row>(
    connection: BetterSqlite3.Database,
    sql: { columns: string; from: string; orderBy: string; countFrom?: string },
    page: PageRequest,
  ): Page<Row> {
    const where = this.#clauses.length === 0 ? '' : `WHERE ${this.#clauses.join(' AND ')}`
    const items = connection
      .prepare(`SELECT ${sql.columns} FROM ${sql.from} ${where} ORDER BY ${sql.orderBy} LIMIT ? OFFSET ?`)
      .all(...this.#params, page.limit, page.offset) as Row[]
    const total = connection.prepare(`SELECT COUNT(*) FROM ${sql.countFrom ?? sql.from} ${where}`).pluck().get(...this.#params) as number
    return { items, total }
  }
}

/** `%text%` for `LIKE ? ESCAPE '\'`. */
export function containing(text: string): string {
  return `%${escapeLike(text)}%`
}

/** `%text` for `LIKE ? ESCAPE '\'`. */
export function endingWith(text: string): string {
  return `%${escapeLike(text)}`
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}
