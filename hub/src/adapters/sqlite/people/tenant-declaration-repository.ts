import type BetterSqlite3 from 'better-sqlite3'
import { PeopleQuery, type Page, type PageRequest } from './people-query.js'

export const DECLARATION_STATUSES = ['pending', 'verified', 'rejected', 'ended'] as const
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number]

export interface DeclarationRecord {
  readonly id: string
  readonly landlordId: string
  readonly landlordName: string
  readonly personId: string
  readonly personName: string
  readonly householdId: string
  readonly buildingId: string
  readonly buildingName: string
  readonly unitName: string
  readonly room: string
  readonly gridId: string | null
  readonly declaredAtMs: number
  readonly status: DeclarationStatus
  readonly decidedByAccountId: string | null
  readonly decidedAtMs: number | null
  readonly note: string | null
}

export interface DeclarationFilter {
  readonly status?: DeclarationStatus | undefined
  readonly landlordId?: string | undefined
  readonly gridId?: string | undefined
  readonly personId?: string | undefined
}

const DECLARATION_FROM = `tenant_declarations d JOIN landlords l ON l.id = d.landlord_id JOIN persons p ON p.id = d.person_id
  JOIN households h ON h.id = d.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id`
const DECLARATION_COLUMNS = `d.id, d.landlord_id AS landlordId, l.display_name AS landlordName, d.person_id AS personId,
  p.display_name AS personName, d.household_id AS householdId, u.building_id AS buildingId, b.name AS buildingName,
  u.name AS unitName, h.room, COALESCE(h.grid_id, b.grid_id) AS gridId, d.declared_at_ms AS declaredAtMs, d.status,
  d.decided_by_account_id AS decidedByAccountId, d.decided_at_ms AS decidedAtMs, d.note`

/** Landlords' tenant declarations: pending until grid staff verify or reject them; ended when the tenancy ends. */
export class TenantDeclarationRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  list(filter: DeclarationFilter, page: PageRequest): Page<DeclarationRecord> {
    return new PeopleQuery()
      .whereGiven('d.status = ?', filter.status)
      .whereGiven('d.landlord_id = ?', filter.landlordId)
      .whereGiven('COALESCE(h.grid_id, b.grid_id) = ?', filter.gridId)
      .whereGiven('d.person_id = ?', filter.personId)
      .page<DeclarationRecord>(
        this.#connection,
        { columns: DECLARATION_COLUMNS, from: DECLARATION_FROM, orderBy: `d.status != 'pending', d.declared_at_ms DESC, d.id` },
        page,
      )
  }

  get(id: string): DeclarationRecord | null {
    return (
      (this.#connection.prepare(`SELECT ${DECLARATION_COLUMNS} FROM ${DECLARATION_FROM} WHERE d.id = ?`).get(id) as DeclarationRecord | undefined) ??
      null
    )
  }

  insert(row: { id: string; landlordId: string; personId: string; householdId: string; note: string | null }, nowMs: number): void {
    this.#connection
      .prepare(`INSERT INTO tenant_declarations (id, landlord_id, person_id, household_id, declared_at_ms, status, note) VALUES (?, ?, ?, ?, ?, 'pending', ?)`)
      .run(row.id, row.landlordId, row.personId, row.householdId, nowMs, row.note)
  }

  /** Moves the declaration to `status`, recording who decided and when; the note is kept unless a new one is given. */
  decide(id: string, status: Exclude<DeclarationStatus, 'pending'>, accountId: string, note: string | null, nowMs: number): void {
    this.#connection
      .prepare('UPDATE tenant_declarations SET status = ?, decided_by_account_id = ?, decided_at_ms = ?, note = COALESCE(?, note) WHERE id = ?')
      .run(status, accountId, nowMs, note, id)
  }

  /** An open (pending or verified) declaration of this person, other than `exceptId`. */
  openDeclarationOf(personId: string, exceptId: string | null): string | null {
    return (
      (this.#connection
        .prepare(`SELECT id FROM tenant_declarations WHERE person_id = ? AND status IN ('pending', 'verified') AND id IS NOT ? LIMIT 1`)
        .pluck()
        .get(personId, exceptId) as string | undefined) ?? null
    )
  }
}
