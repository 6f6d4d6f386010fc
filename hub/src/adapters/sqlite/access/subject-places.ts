import type BetterSqlite3 from 'better-sqlite3'
import type { PersonRole } from '../../../../../protocol/policy/policy-person.js'
import type { SubjectPlace } from '../../../domain/access/access-scope.js'

export interface PersonPlace extends SubjectPlace {
  readonly personId: string
  readonly role: PersonRole
  readonly displayName: string
}

/** SQL: the grid of the household `householdIdSql` names (its own grid, else its building's). */
export function householdGridSql(householdIdSql: string): string {
  return `(SELECT COALESCE(h.grid_id, b.grid_id) FROM households h JOIN units u ON u.id = h.unit_id
     JOIN buildings b ON b.id = u.building_id WHERE h.id = ${householdIdSql})`
}

/**
 * SQL: the ids of the people living in the grid bound to the one `?` (their household's grid,
 * else their building's). Evaluated once per query, unlike a per-row grid lookup; CROSS JOIN keeps
 * SQLite's join order (households first, then persons by their household index): scanning every
 * person instead is ten times slower in a 100,000-resident community.
 */
export const PERSONS_IN_GRID_SQL = `(SELECT p.id FROM households h CROSS JOIN units u CROSS JOIN buildings b CROSS JOIN persons p
     WHERE u.id = h.unit_id AND b.id = u.building_id AND p.household_id = h.id AND COALESCE(h.grid_id, b.grid_id) = ?)`

/** SQL: the building of the household `householdIdSql` names. */
export function householdBuildingSql(householdIdSql: string): string {
  return `(SELECT u.building_id FROM households h JOIN units u ON u.id = h.unit_id WHERE h.id = ${householdIdSql})`
}

/**
 * Where people, households and buildings sit (household → unit → building → grid), for scope
 * checks. Reads the m002 tables; never writes them.
 */
export class SubjectPlaces {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  person(personId: string): PersonPlace | null {
    const row = this.#connection
      .prepare(
        `SELECT p.id AS personId, p.role, p.display_name AS displayName, p.household_id AS householdId,
           ${householdBuildingSql('p.household_id')} AS buildingId, ${householdGridSql('p.household_id')} AS gridId
         FROM persons p WHERE p.id = ?`,
      )
      .get(personId) as PersonPlace | undefined
    return row ?? null
  }

  household(householdId: string): SubjectPlace | null {
    const row = this.#connection
      .prepare(`SELECT ${householdBuildingSql('?')} AS buildingId, ${householdGridSql('?')} AS gridId FROM households WHERE id = ?`)
      .get(householdId, householdId, householdId) as { buildingId: string; gridId: string | null } | undefined
    return row === undefined ? null : { personId: null, householdId, buildingId: row.buildingId, gridId: row.gridId }
  }

  building(buildingId: string): SubjectPlace | null {
    const row = this.#connection.prepare('SELECT grid_id AS gridId FROM buildings WHERE id = ?').get(buildingId) as
      | { gridId: string | null }
      | undefined
    return row === undefined ? null : { personId: null, householdId: null, buildingId, gridId: row.gridId }
  }

  /** The place of an observation subject, a rule subject of the same kinds, or null if unknown. */
  subject(kind: 'person' | 'household' | 'building', id: string): SubjectPlace | null {
    if (kind === 'person') return this.person(id)
    return kind === 'household' ? this.household(id) : this.building(id)
  }
}
