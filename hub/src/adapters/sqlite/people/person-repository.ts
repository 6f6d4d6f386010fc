import type BetterSqlite3 from 'better-sqlite3'
import type { PersonRecord } from '../../../domain/people/mask-personal-data.js'
import { containing, endingWith, PeopleQuery, type Page, type PageRequest } from './people-query.js'

export type PersonRole = PersonRecord['role']
export type PersonRelation = NonNullable<PersonRecord['relation']>
export type PersonStatus = PersonRecord['status']

export interface PersonFilter {
  /** Name containing this text. */
  readonly name?: string | undefined
  /** The last digits of the phone ("尾号"). */
  readonly phoneTail?: string | undefined
  readonly gridId?: string | undefined
  readonly buildingId?: string | undefined
  readonly unitId?: string | undefined
  /** Rooms containing this text. */
  readonly room?: string | undefined
  readonly householdId?: string | undefined
  readonly landlordId?: string | undefined
  readonly role?: PersonRole | undefined
  /** Default: active and pending (moved-out people only when asked for). */
  readonly status?: PersonStatus | undefined
}

export interface NewPerson {
  readonly id: string
  readonly displayName: string
  readonly role: PersonRole
  readonly relation: PersonRelation | null
  readonly householdId: string | null
  readonly landlordId: string | null
  readonly phone: string | null
  readonly idNumber: string | null
  readonly status: PersonStatus
}

export type PersonChange = Partial<Pick<NewPerson, 'displayName' | 'role' | 'relation' | 'householdId' | 'landlordId' | 'phone' | 'idNumber' | 'status'>>

/** camelCase field → column of the fields a change may set; fixed SQL, never input. */
const CHANGE_COLUMNS: Readonly<Record<keyof PersonChange, string>> = {
  displayName: 'display_name',
  role: 'role',
  relation: 'relation',
  householdId: 'household_id',
  landlordId: 'landlord_id',
  phone: 'phone',
  idNumber: 'id_number',
  status: 'status',
}

const PERSON_FROM = `persons p LEFT JOIN households h ON h.id = p.household_id LEFT JOIN units u ON u.id = h.unit_id
  LEFT JOIN buildings b ON b.id = u.building_id`
const PERSON_COLUMNS = `p.id, p.display_name AS displayName, p.role, p.relation, p.status, p.household_id AS householdId,
  COALESCE(h.grid_id, b.grid_id) AS gridId, p.landlord_id AS landlordId, p.phone, p.id_number AS idNumber,
  p.photo_id AS photoId, u.building_id AS buildingId, b.name AS buildingName, h.unit_id AS unitId, u.name AS unitName,
  h.room, p.created_at_ms AS createdAtMs, p.updated_at_ms AS updatedAtMs`

/**
 * Within a building (or smaller): by building, unit and room. Otherwise by name: browsing walks
 * persons_name and stops after a page; a text search (`+` keeps SQLite off that index) scans
 * the table once and sorts the few matches instead of probing every row in name order.
 */
function orderOf(filter: PersonFilter): string {
  if (filter.buildingId !== undefined || filter.unitId !== undefined || filter.householdId !== undefined) {
    return 'length(b.name), b.name, u.name, length(h.room), h.room, p.created_at_ms, p.id'
  }
  const isSearch = filter.name !== undefined || filter.phoneTail !== undefined || filter.room !== undefined || filter.landlordId !== undefined
  return isSearch ? '+p.display_name, p.id' : 'p.display_name, p.id'
}

const HOUSEHOLDS_OF_GRID = `SELECT h2.id FROM households h2 JOIN units u2 ON u2.id = h2.unit_id
  JOIN buildings b2 ON b2.id = u2.building_id WHERE COALESCE(h2.grid_id, b2.grid_id) = ?`

/** What still refers to a person, so deleting them would lose history: move them out instead. */
const HISTORY_CHECKS: readonly (readonly [string, string])[] = [
  ['credentials', 'SELECT 1 FROM credentials WHERE person_id = @id OR host_person_id = @id LIMIT 1'],
  ['phone-keys', 'SELECT 1 FROM phone_keys WHERE person_id = @id LIMIT 1'],
  ['returnee-registrations', 'SELECT 1 FROM returnees WHERE person_id = @id LIMIT 1'],
  ['medical-exceptions', 'SELECT 1 FROM medical_exceptions WHERE person_id = @id LIMIT 1'],
  ['observation-orders', `SELECT 1 FROM observation_orders WHERE subject_kind = 'person' AND subject_id = @id LIMIT 1`],
  ['access-rules', `SELECT 1 FROM access_rules WHERE subject_kind = 'person' AND subject_id = @id LIMIT 1`],
  ['tenancy', `SELECT 1 FROM tenant_declarations WHERE person_id = @id AND status IN ('verified', 'ended') LIMIT 1`],
  ['account', 'SELECT 1 FROM accounts WHERE person_id = @id LIMIT 1'],
]

/** Residents, tenants and staff (persons), with where they live. */
export class PersonRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  search(filter: PersonFilter, page: PageRequest): Page<PersonRecord> {
    const query = new PeopleQuery()
      .whereGiven(`p.display_name LIKE ? ESCAPE '\\'`, filter.name === undefined ? undefined : containing(filter.name))
      .whereGiven(`p.phone LIKE ? ESCAPE '\\'`, filter.phoneTail === undefined ? undefined : endingWith(filter.phoneTail))
      // Households first, then their people through persons_household: no scan of every person.
      .whereGiven(`p.household_id IN (${HOUSEHOLDS_OF_GRID})`, filter.gridId)
      .whereGiven('p.household_id IN (SELECT h2.id FROM households h2 JOIN units u2 ON u2.id = h2.unit_id WHERE u2.building_id = ?)', filter.buildingId)
      .whereGiven('p.household_id IN (SELECT h2.id FROM households h2 WHERE h2.unit_id = ?)', filter.unitId)
      .whereGiven(`p.household_id IN (SELECT h2.id FROM households h2 WHERE h2.room LIKE ? ESCAPE '\\')`, filter.room === undefined ? undefined : containing(filter.room))
      .whereGiven('p.household_id = ?', filter.householdId)
      .whereGiven('p.landlord_id = ?', filter.landlordId)
      .whereGiven('p.role = ?', filter.role)
    if (filter.status === undefined) query.where(`p.status IN ('active', 'pending')`)
    else query.where('p.status = ?', filter.status)
    return query.page<PersonRecord>(this.#connection, { columns: PERSON_COLUMNS, from: PERSON_FROM, orderBy: orderOf(filter), countFrom: 'persons p' }, page)
  }

  get(id: string): PersonRecord | null {
    return (this.#connection.prepare(`SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE p.id = ?`).get(id) as PersonRecord | undefined) ?? null
  }

  /** The household of a person (for a resident caller's scope). */
  householdOf(personId: string): string | null {
    return (this.#connection.prepare('SELECT household_id FROM persons WHERE id = ?').pluck().get(personId) as string | null | undefined) ?? null
  }

  /** Someone else, not moved out, already registered with this ID number. */
  otherWithIdNumber(idNumber: string, exceptId: string | null): string | null {
    return (
      (this.#connection
        .prepare(`SELECT id FROM persons WHERE id_number = ? AND status != 'moved-out' AND id IS NOT ? LIMIT 1`)
        .pluck()
        .get(idNumber, exceptId) as string | undefined) ?? null
    )
  }

  insert(person: NewPerson, nowMs: number): void {
    this.#connection
      .prepare(
        `INSERT INTO persons (id, display_name, role, relation, household_id, landlord_id, phone, id_number, status, created_at_ms, updated_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(person.id, person.displayName, person.role, person.relation, person.householdId, person.landlordId, person.phone, person.idNumber, person.status, nowMs, nowMs)
  }

  /** Sets the given fields (undefined ones stay). */
  update(id: string, change: PersonChange, nowMs: number): void {
    const entries = (Object.keys(CHANGE_COLUMNS) as (keyof PersonChange)[])
      .filter((field) => change[field] !== undefined)
      .map((field) => [CHANGE_COLUMNS[field], change[field]] as const)
    const assignments = [...entries.map(([column]) => `${column} = ?`), 'updated_at_ms = ?']
    this.#connection.prepare(`UPDATE persons SET ${assignments.join(', ')} WHERE id = ?`).run(...entries.map((entry) => entry[1]), nowMs, id)
  }

  setPhoto(id: string, photoId: string | null, nowMs: number): void {
    this.#connection.prepare('UPDATE persons SET photo_id = ?, updated_at_ms = ? WHERE id = ?').run(photoId, nowMs, id)
  }

  /** The first kind of record that still refers to the person, or null when it may be deleted. */
  historyOf(id: string): string | null {
    for (const [kind, sql] of HISTORY_CHECKS) {
      if (this.#connection.prepare(sql).get({ id }) !== undefined) return kind
    }
    return null
  }

  /** Deletes the person and what only they owned (photos, temperature reports, open declarations). */
  delete(id: string): void {
    this.#connection.prepare('UPDATE persons SET photo_id = NULL WHERE id = ?').run(id)
    this.#connection.prepare('DELETE FROM photos WHERE person_id = ?').run(id)
    this.#connection.prepare('DELETE FROM temperature_reports WHERE person_id = ?').run(id)
    this.#connection.prepare('DELETE FROM tenant_declarations WHERE person_id = ?').run(id)
    this.#connection.prepare('DELETE FROM persons WHERE id = ?').run(id)
  }

  /**
   * Revokes the person's active credentials and phone keys (moving out, a tenancy ending): the
   * m003 columns status / revoked_at_ms / revoked_by_account_id. Returns how many were revoked.
   */
  revokeAccess(id: string, accountId: string | null, nowMs: number): number {
    const credentials = this.#connection
      .prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ?, revoked_by_account_id = ? WHERE person_id = ? AND status = 'active'`)
      .run(nowMs, accountId, id).changes
    const phoneKeys = this.#connection
      .prepare(`UPDATE phone_keys SET status = 'revoked', revoked_at_ms = ? WHERE person_id = ? AND status = 'active'`)
      .run(nowMs, id).changes
    return credentials + phoneKeys
  }
}
