import type BetterSqlite3 from 'better-sqlite3'

export interface BuildingRecord {
  readonly id: string
  readonly name: string
  readonly gridId: string | null
  readonly unitCount: number
  readonly householdCount: number
  readonly residentCount: number
  readonly createdAtMs: number
}

export interface UnitRecord {
  readonly id: string
  readonly buildingId: string
  readonly name: string
  readonly gridId: string | null
  readonly householdCount: number
  readonly createdAtMs: number
}

const SELECT_BUILDING = `SELECT b.id, b.name, b.grid_id AS gridId,
    (SELECT COUNT(*) FROM units u WHERE u.building_id = b.id) AS unitCount,
    (SELECT COUNT(*) FROM households h JOIN units u ON u.id = h.unit_id WHERE u.building_id = b.id) AS householdCount,
    (SELECT COUNT(*) FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id
      WHERE u.building_id = b.id AND p.status = 'active') AS residentCount,
    b.created_at_ms AS createdAtMs
  FROM buildings b`

const SELECT_UNIT = `SELECT u.id, u.building_id AS buildingId, u.name, b.grid_id AS gridId,
    (SELECT COUNT(*) FROM households h WHERE h.unit_id = u.id) AS householdCount, u.created_at_ms AS createdAtMs
  FROM units u JOIN buildings b ON b.id = u.building_id`

/** Buildings (楼栋) and their units (单元). */
export class BuildingRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  list(gridId: string | null): BuildingRecord[] {
    const statement =
      gridId === null
        ? this.#connection.prepare(`${SELECT_BUILDING} ORDER BY length(b.name), b.name`)
        : this.#connection.prepare(`${SELECT_BUILDING} WHERE b.grid_id = ? ORDER BY length(b.name), b.name`)
    return (gridId === null ? statement.all() : statement.all(gridId)) as BuildingRecord[]
  }

  get(id: string): BuildingRecord | null {
    return (this.#connection.prepare(`${SELECT_BUILDING} WHERE b.id = ?`).get(id) as BuildingRecord | undefined) ?? null
  }

  idByName(name: string): string | null {
    return (this.#connection.prepare('SELECT id FROM buildings WHERE name = ?').pluck().get(name) as string | undefined) ?? null
  }

  insert(row: { id: string; name: string; gridId: string | null }, nowMs: number): void {
    this.#connection.prepare('INSERT INTO buildings (id, name, grid_id, created_at_ms) VALUES (?, ?, ?, ?)').run(row.id, row.name, row.gridId, nowMs)
  }

  rename(id: string, name: string): void {
    this.#connection.prepare('UPDATE buildings SET name = ? WHERE id = ?').run(name, id)
  }

  /**
   * Moves the building to another grid; its households that followed the building's grid (the
   * old one, or none of their own) move with it. Returns how many households moved.
   */
  moveToGrid(id: string, gridId: string | null): number {
    const previous = this.get(id)?.gridId ?? null
    this.#connection.prepare('UPDATE buildings SET grid_id = ? WHERE id = ?').run(gridId, id)
    return this.#connection
      .prepare(
        `UPDATE households SET grid_id = ? WHERE unit_id IN (SELECT id FROM units WHERE building_id = ?)
           AND (grid_id IS ? OR grid_id IS NULL)`,
      )
      .run(gridId, id, previous).changes
  }

  /** 'units' or 'doors' when something still hangs on the building, else null. */
  blockerOfDelete(id: string): 'units' | 'doors' | null {
    if (this.#connection.prepare('SELECT 1 FROM units WHERE building_id = ? LIMIT 1').get(id) !== undefined) return 'units'
    const usedByAccess = this.#connection
      .prepare(
        `SELECT 1 FROM doors WHERE building_id = ?
         UNION ALL SELECT 1 FROM lockdowns WHERE building_id = ?
         UNION ALL SELECT 1 FROM credentials WHERE host_building_id = ? LIMIT 1`,
      )
      .get(id, id, id)
    return usedByAccess === undefined ? null : 'doors'
  }

  delete(id: string): void {
    this.#connection.prepare('DELETE FROM buildings WHERE id = ?').run(id)
  }

  units(buildingId: string): UnitRecord[] {
    return this.#connection.prepare(`${SELECT_UNIT} WHERE u.building_id = ? ORDER BY length(u.name), u.name`).all(buildingId) as UnitRecord[]
  }

  unit(id: string): UnitRecord | null {
    return (this.#connection.prepare(`${SELECT_UNIT} WHERE u.id = ?`).get(id) as UnitRecord | undefined) ?? null
  }

  unitIdByName(buildingId: string, name: string): string | null {
    return (
      (this.#connection.prepare('SELECT id FROM units WHERE building_id = ? AND name = ?').pluck().get(buildingId, name) as
        | string
        | undefined) ?? null
    )
  }

  insertUnit(row: { id: string; buildingId: string; name: string }, nowMs: number): void {
    this.#connection.prepare('INSERT INTO units (id, building_id, name, created_at_ms) VALUES (?, ?, ?, ?)').run(row.id, row.buildingId, row.name, nowMs)
  }

  renameUnit(id: string, name: string): void {
    this.#connection.prepare('UPDATE units SET name = ? WHERE id = ?').run(name, id)
  }

  unitHasHouseholds(id: string): boolean {
    return this.#connection.prepare('SELECT 1 FROM households WHERE unit_id = ? LIMIT 1').get(id) !== undefined
  }

  deleteUnit(id: string): void {
    this.#connection.prepare('DELETE FROM units WHERE id = ?').run(id)
  }
}
