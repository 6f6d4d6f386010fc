import type BetterSqlite3 from 'better-sqlite3'

export interface GridRecord {
  readonly id: string
  readonly name: string
  readonly managerAccountId: string | null
  readonly managerName: string | null
  readonly buildingCount: number
  readonly householdCount: number
  readonly createdAtMs: number
}

/** Counts are grouped once over all households (a subquery per grid would scan them per grid). */
const SELECT_GRID = `WITH household_counts AS (
    SELECT COALESCE(h.grid_id, b.grid_id) AS grid_id, COUNT(*) AS n FROM households h
      JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id GROUP BY 1),
  building_counts AS (SELECT grid_id, COUNT(*) AS n FROM buildings GROUP BY grid_id)
  SELECT g.id, g.name, g.manager_account_id AS managerAccountId, a.display_name AS managerName,
    COALESCE(bc.n, 0) AS buildingCount, COALESCE(hc.n, 0) AS householdCount, g.created_at_ms AS createdAtMs
  FROM grids g LEFT JOIN accounts a ON a.id = g.manager_account_id
    LEFT JOIN building_counts bc ON bc.grid_id = g.id LEFT JOIN household_counts hc ON hc.grid_id = g.id`

/** Grids (网格, ≈350 households each) and who manages them. */
export class GridRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  list(onlyGridId: string | null): GridRecord[] {
    return onlyGridId === null
      ? (this.#connection.prepare(`${SELECT_GRID} ORDER BY g.name`).all() as GridRecord[])
      : (this.#connection.prepare(`${SELECT_GRID} WHERE g.id = ?`).all(onlyGridId) as GridRecord[])
  }

  get(id: string): GridRecord | null {
    return (this.#connection.prepare(`${SELECT_GRID} WHERE g.id = ?`).get(id) as GridRecord | undefined) ?? null
  }

  idByName(name: string): string | null {
    return (this.#connection.prepare('SELECT id FROM grids WHERE name = ?').pluck().get(name) as string | undefined) ?? null
  }

  insert(row: { id: string; name: string; managerAccountId: string | null }, nowMs: number): void {
    this.#connection
      .prepare('INSERT INTO grids (id, name, manager_account_id, created_at_ms) VALUES (?, ?, ?, ?)')
      .run(row.id, row.name, row.managerAccountId, nowMs)
  }

  update(id: string, change: { name?: string | undefined; managerAccountId?: string | null | undefined }): void {
    if (change.name !== undefined) this.#connection.prepare('UPDATE grids SET name = ? WHERE id = ?').run(change.name, id)
    if (change.managerAccountId !== undefined) {
      this.#connection.prepare('UPDATE grids SET manager_account_id = ? WHERE id = ?').run(change.managerAccountId, id)
    }
  }

  /** Buildings and households still in the grid (a grid in use cannot be deleted). */
  isInUse(id: string): boolean {
    return (
      this.#connection
        .prepare('SELECT 1 FROM buildings WHERE grid_id = ? UNION ALL SELECT 1 FROM households WHERE grid_id = ? LIMIT 1')
        .get(id, id) !== undefined
    )
  }

  delete(id: string): void {
    this.#connection.prepare('DELETE FROM grids WHERE id = ?').run(id)
  }

  /** The role of the account, or null when there is none: a grid's manager must be a grid manager. */
  accountRole(accountId: string): string | null {
    return (this.#connection.prepare('SELECT role FROM accounts WHERE id = ?').pluck().get(accountId) as string | undefined) ?? null
  }
}
