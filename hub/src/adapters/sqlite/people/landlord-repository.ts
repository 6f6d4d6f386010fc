import type BetterSqlite3 from 'better-sqlite3'
import { containing, PeopleQuery, type Page, type PageRequest } from './people-query.js'

export interface LandlordRecord {
  readonly id: string
  readonly displayName: string
  readonly phone: string | null
  readonly idNumber: string | null
  /** The landlord's own person record when they also live in the community. */
  readonly personId: string | null
  readonly activeTenantCount: number
  readonly pendingTenantCount: number
  readonly createdAtMs: number
}

export interface NewLandlord {
  readonly id: string
  readonly displayName: string
  readonly phone: string | null
  readonly idNumber: string | null
  readonly personId: string | null
}

const LANDLORD_COLUMNS = `l.id, l.display_name AS displayName, l.phone, l.id_number AS idNumber, l.person_id AS personId,
  (SELECT COUNT(*) FROM persons p WHERE p.landlord_id = l.id AND p.status = 'active') AS activeTenantCount,
  (SELECT COUNT(*) FROM tenant_declarations d WHERE d.landlord_id = l.id AND d.status = 'pending') AS pendingTenantCount,
  l.created_at_ms AS createdAtMs`

/** Landlords (房东) who declare their tenants. */
export class LandlordRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  list(filter: { name?: string | undefined; landlordId?: string | undefined }, page: PageRequest): Page<LandlordRecord> {
    return new PeopleQuery()
      .whereGiven(`l.display_name LIKE ? ESCAPE '\\'`, filter.name === undefined ? undefined : containing(filter.name))
      .whereGiven('l.id = ?', filter.landlordId)
      .page<LandlordRecord>(this.#connection, { columns: LANDLORD_COLUMNS, from: 'landlords l', orderBy: 'l.display_name, l.id' }, page)
  }

  get(id: string): LandlordRecord | null {
    return (this.#connection.prepare(`SELECT ${LANDLORD_COLUMNS} FROM landlords l WHERE l.id = ?`).get(id) as LandlordRecord | undefined) ?? null
  }

  insert(landlord: NewLandlord, nowMs: number): void {
    this.#connection
      .prepare('INSERT INTO landlords (id, display_name, phone, id_number, person_id, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(landlord.id, landlord.displayName, landlord.phone, landlord.idNumber, landlord.personId, nowMs)
  }

  update(id: string, change: Partial<Omit<NewLandlord, 'id'>>): void {
    const columns = { displayName: 'display_name', phone: 'phone', idNumber: 'id_number', personId: 'person_id' } as const
    for (const field of Object.keys(columns) as (keyof typeof columns)[]) {
      const value = change[field]
      if (value !== undefined) this.#connection.prepare(`UPDATE landlords SET ${columns[field]} = ? WHERE id = ?`).run(value, id)
    }
  }

  /** Declarations, tenants or an account still refer to the landlord. */
  isReferenced(id: string): boolean {
    return (
      this.#connection
        .prepare(
          `SELECT 1 FROM tenant_declarations WHERE landlord_id = @id UNION ALL SELECT 1 FROM persons WHERE landlord_id = @id
           UNION ALL SELECT 1 FROM accounts WHERE landlord_id = @id LIMIT 1`,
        )
        .get({ id }) !== undefined
    )
  }

  delete(id: string): void {
    this.#connection.prepare('DELETE FROM landlords WHERE id = ?').run(id)
  }
}
