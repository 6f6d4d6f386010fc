import type BetterSqlite3 from 'better-sqlite3'

/** What the visitor's form shows for the gate its poster hangs at. */
export interface PosterPlaces {
  readonly gateEdgeId: string
  readonly gateName: string
  /** Every unit of every building, by name, for the "which building" choice. */
  readonly units: readonly PosterUnit[]
}

export interface PosterUnit {
  readonly unitId: string
  readonly buildingId: string
  readonly buildingName: string
  readonly unitName: string
}

/** The household a visitor named, and the resident their phone number named (if they gave one). */
export interface MatchedHousehold {
  readonly householdId: string
  readonly hostPersonId: string | null
}

export type HouseholdMatch =
  | { readonly ok: true; readonly value: MatchedHousehold }
  | { readonly ok: false; readonly code: 'HOST_NOT_FOUND' | 'HOUSEHOLD_AMBIGUOUS' }

/** People who may host a visitor: residents and tenants who live here and are not pending or gone. */
const HOST_ROLES_SQL = `p.role IN ('resident', 'tenant') AND p.status = 'active'`

/**
 * The places a visitor's request names, read for the anonymous form (m002/m003 tables, read only):
 * the gate of the poster, the units to choose from, the household by unit and room or by the
 * host's phone.
 */
export class VisitorPosterPlaces {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  /** The gate's name, or null when no such edge exists. */
  gateName(gateEdgeId: string): string | null {
    return (this.#connection.prepare('SELECT name FROM edges WHERE id = ?').pluck().get(gateEdgeId) as string | undefined) ?? null
  }

  /** The poster's gate and the community's units; null when no such edge exists. */
  poster(gateEdgeId: string): PosterPlaces | null {
    const gateName = this.gateName(gateEdgeId)
    if (gateName === null) return null
    const units = this.#connection
      .prepare(
        `SELECT u.id AS unitId, b.id AS buildingId, b.name AS buildingName, u.name AS unitName
         FROM units u JOIN buildings b ON b.id = u.building_id ORDER BY b.name, b.id, u.name, u.id`,
      )
      .all() as PosterUnit[]
    return { gateEdgeId, gateName, units }
  }

  /** The household at `room` of the unit (rooms are unique per unit), if someone lives there who can host. */
  householdAtRoom(unitId: string, room: string): HouseholdMatch {
    const householdId = this.#connection
      .prepare(
        `SELECT h.id FROM households h WHERE h.unit_id = ? AND h.room = ?
           AND EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND ${HOST_ROLES_SQL})`,
      )
      .pluck()
      .get(unitId, room) as string | undefined
    return householdId === undefined ? { ok: false, code: 'HOST_NOT_FOUND' } : { ok: true, value: { householdId, hostPersonId: null } }
  }

  /** The household of the resident whose phone (digits only, as stored) this is. */
  householdOfPhone(phone: string): HouseholdMatch {
    const rows = this.#connection
      .prepare(`SELECT p.id AS personId, p.household_id AS householdId FROM persons p WHERE p.phone = ? AND p.household_id IS NOT NULL AND ${HOST_ROLES_SQL}`)
      .all(phone) as { personId: string; householdId: string }[]
    const households = new Set(rows.map((row) => row.householdId))
    if (households.size === 0) return { ok: false, code: 'HOST_NOT_FOUND' }
    if (households.size > 1) return { ok: false, code: 'HOUSEHOLD_AMBIGUOUS' }
    return { ok: true, value: { householdId: rows[0]!.householdId, hostPersonId: rows.length === 1 ? rows[0]!.personId : null } }
  }

  /** Who hosts when staff approve for a household: the owner first, then whoever moved in first. */
  defaultHostOf(householdId: string): string | null {
    const row = this.#connection
      .prepare(
        `SELECT p.id FROM persons p WHERE p.household_id = ? AND ${HOST_ROLES_SQL}
         ORDER BY CASE p.relation WHEN 'owner' THEN 0 WHEN 'tenant' THEN 1 ELSE 2 END, p.created_at_ms, p.id LIMIT 1`,
      )
      .pluck()
      .get(householdId) as string | undefined
    return row ?? null
  }
}
