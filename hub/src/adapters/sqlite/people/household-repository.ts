import type BetterSqlite3 from 'better-sqlite3'
import { containing, PeopleQuery, type Page, type PageRequest } from './people-query.js'

export interface HouseholdRecord {
  readonly id: string
  readonly unitId: string
  readonly unitName: string
  readonly buildingId: string
  readonly buildingName: string
  readonly room: string
  /** The household's own grid, else its building's. */
  readonly gridId: string | null
  readonly memberCount: number
  readonly createdAtMs: number
}

export interface HouseholdFilter {
  readonly gridId?: string | undefined
  readonly buildingId?: string | undefined
  readonly unitId?: string | undefined
  /** Rooms containing this text. */
  readonly room?: string | undefined
}

const HOUSEHOLD_FROM = 'households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id'
const HOUSEHOLD_COLUMNS = `h.id, h.unit_id AS unitId, u.name AS unitName, u.building_id AS buildingId, b.name AS buildingName,
  h.room, COALESCE(h.grid_id, b.grid_id) AS gridId,
  (SELECT COUNT(*) FROM persons p WHERE p.household_id = h.id AND p.status = 'active') AS memberCount,
  h.created_at_ms AS createdAtMs`

/** Households (户): a room in a unit of a building. */
export class HouseholdRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  list(filter: HouseholdFilter, page: PageRequest): Page<HouseholdRecord> {
    return new PeopleQuery()
      .whereGiven('COALESCE(h.grid_id, b.grid_id) = ?', filter.gridId)
      .whereGiven('u.building_id = ?', filter.buildingId)
      .whereGiven('h.unit_id = ?', filter.unitId)
      .whereGiven(`h.room LIKE ? ESCAPE '\\'`, filter.room === undefined ? undefined : containing(filter.room))
      .page<HouseholdRecord>(
        this.#connection,
        { columns: HOUSEHOLD_COLUMNS, from: HOUSEHOLD_FROM, orderBy: 'length(b.name), b.name, length(u.name), u.name, length(h.room), h.room' },
        page,
      )
  }

  get(id: string): HouseholdRecord | null {
    return (
      (this.#connection.prepare(`SELECT ${HOUSEHOLD_COLUMNS} FROM ${HOUSEHOLD_FROM} WHERE h.id = ?`).get(id) as HouseholdRecord | undefined) ??
      null
    )
  }

  idByRoom(unitId: string, room: string): string | null {
    return (
      (this.#connection.prepare('SELECT id FROM households WHERE unit_id = ? AND room = ?').pluck().get(unitId, room) as string | undefined) ??
      null
    )
  }

  insert(row: { id: string; unitId: string; room: string; gridId: string | null }, nowMs: number): void {
    this.#connection
      .prepare('INSERT INTO households (id, unit_id, room, grid_id, created_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, row.unitId, row.room, row.gridId, nowMs)
  }

  update(id: string, change: { room?: string | undefined; gridId?: string | null | undefined }): void {
    if (change.room !== undefined) this.#connection.prepare('UPDATE households SET room = ? WHERE id = ?').run(change.room, id)
    if (change.gridId !== undefined) this.#connection.prepare('UPDATE households SET grid_id = ? WHERE id = ?').run(change.gridId, id)
  }

  /** Anyone (in any status) or any declaration still refers to the household. */
  isReferenced(id: string): boolean {
    return (
      this.#connection
        .prepare(
          `SELECT 1 FROM persons WHERE household_id = ? UNION ALL SELECT 1 FROM tenant_declarations WHERE household_id = ?
           UNION ALL SELECT 1 FROM access_rules WHERE subject_kind = 'household' AND subject_id = ?
           UNION ALL SELECT 1 FROM observation_orders WHERE subject_kind = 'household' AND subject_id = ? LIMIT 1`,
        )
        .get(id, id, id, id) !== undefined
    )
  }

  delete(id: string): void {
    this.#connection.prepare('DELETE FROM households WHERE id = ?').run(id)
  }
}
