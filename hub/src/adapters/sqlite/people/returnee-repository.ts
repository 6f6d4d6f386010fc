import type BetterSqlite3 from 'better-sqlite3'
import { PeopleQuery, type Page, type PageRequest } from './people-query.js'

/** The four questions (四问四登记), as stored: transport and health are JSON text. */
export interface ReturneeRecord {
  readonly id: string
  readonly personId: string
  readonly personName: string
  readonly householdId: string | null
  readonly buildingName: string | null
  readonly unitName: string | null
  readonly room: string | null
  readonly gridId: string | null
  readonly cameFrom: string
  readonly arrivedOn: string
  readonly transport: string
  readonly health: string
  readonly registeredByAccountId: string
  readonly registeredAtMs: number
  readonly observationId: string | null
  readonly observationEndsAtMs: number | null
}

export interface NewReturnee {
  readonly id: string
  readonly personId: string
  readonly cameFrom: string
  readonly arrivedOn: string
  readonly transport: string
  readonly health: string
  readonly registeredByAccountId: string
  readonly observationId: string | null
}

const RETURNEE_FROM = `returnees r JOIN persons p ON p.id = r.person_id LEFT JOIN households h ON h.id = p.household_id
  LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN buildings b ON b.id = u.building_id
  LEFT JOIN observation_orders o ON o.id = r.observation_id`
const RETURNEE_COLUMNS = `r.id, r.person_id AS personId, p.display_name AS personName, p.household_id AS householdId,
  b.name AS buildingName, u.name AS unitName, h.room, COALESCE(h.grid_id, b.grid_id) AS gridId, r.came_from AS cameFrom,
  r.arrived_on AS arrivedOn, r.transport, r.health, r.registered_by_account_id AS registeredByAccountId,
  r.registered_at_ms AS registeredAtMs, r.observation_id AS observationId, o.ends_at_ms AS observationEndsAtMs`

/** Returnee registrations (返乡人员登记). */
export class ReturneeRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  list(filter: { gridId?: string | undefined; personId?: string | undefined; sinceMs?: number | undefined }, page: PageRequest): Page<ReturneeRecord> {
    return new PeopleQuery()
      .whereGiven('COALESCE(h.grid_id, b.grid_id) = ?', filter.gridId)
      .whereGiven('r.person_id = ?', filter.personId)
      .whereGiven('r.registered_at_ms >= ?', filter.sinceMs)
      .page<ReturneeRecord>(this.#connection, { columns: RETURNEE_COLUMNS, from: RETURNEE_FROM, orderBy: 'r.registered_at_ms DESC, r.id' }, page)
  }

  get(id: string): ReturneeRecord | null {
    return (this.#connection.prepare(`SELECT ${RETURNEE_COLUMNS} FROM ${RETURNEE_FROM} WHERE r.id = ?`).get(id) as ReturneeRecord | undefined) ?? null
  }

  insert(row: NewReturnee, nowMs: number): void {
    this.#connection
      .prepare(
        `INSERT INTO returnees (id, person_id, came_from, arrived_on, transport, health, registered_by_account_id, registered_at_ms, observation_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.personId, row.cameFrom, row.arrivedOn, row.transport, row.health, row.registeredByAccountId, nowMs, row.observationId)
  }
}
