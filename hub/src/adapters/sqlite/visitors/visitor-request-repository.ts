import type BetterSqlite3 from 'better-sqlite3'
import { maskPhone } from '../../../domain/people/mask-personal-data.js'
import type { StoredRequestStatus, VisitorRequestState } from '../../../domain/visitors/visitor-request-terms.js'
import { appendAudit, type AuditActor } from '../append-audit.js'
import type { ListPage, PageRequest } from '../access/access-change.js'
import { SqlConditions, selectPage } from '../access/sql-conditions.js'

/** A request with the names of its places and the state of its pass, as the routes present it. */
export interface VisitorRequestRecord {
  readonly id: string
  readonly gateEdgeId: string
  readonly gateName: string
  readonly householdId: string
  readonly buildingId: string
  readonly buildingName: string
  readonly unitName: string
  readonly room: string
  readonly gridId: string | null
  readonly matchedBy: 'room' | 'host-phone'
  readonly hostPersonId: string | null
  readonly visitorName: string
  readonly visitorPhone: string
  readonly purpose: string
  readonly expectedAtMs: number
  readonly submittedAtMs: number
  readonly lapsesAtMs: number
  readonly status: StoredRequestStatus
  readonly decidedAtMs: number | null
  readonly decidedByName: string | null
  readonly declineReason: string | null
  readonly passId: string | null
  readonly passStatus: 'active' | 'revoked' | null
  readonly passValidFromMs: number | null
  readonly passValidUntilMs: number | null
  readonly passLookupKey: string | null
}

/** A new request as the intake accepted it; the token is already hashed. */
export interface NewVisitorRequest {
  readonly id: string
  readonly tokenHash: string
  readonly gateEdgeId: string
  readonly householdId: string
  readonly matchedBy: 'room' | 'host-phone'
  readonly hostPersonId: string | null
  readonly visitorName: string
  readonly visitorPhone: string
  readonly purpose: string
  readonly expectedAtMs: number
  readonly lapsesAtMs: number
}

export interface VisitorRequestFilter {
  readonly householdId?: string | undefined
  readonly gridId?: string | undefined
  readonly gateEdgeId?: string | undefined
  readonly state?: VisitorRequestState | undefined
}

/** The anonymous form's audit actor: no account, so the hub records where the change came from. */
export const VISITOR_FORM_ACTOR: AuditActor = { kind: 'system', id: 'visitor-form', name: 'visitor form (anonymous)' }

const COLUMNS = `r.id, r.gate_edge_id AS gateEdgeId, e.name AS gateName, r.household_id AS householdId, b.id AS buildingId,
  b.name AS buildingName, u.name AS unitName, h.room, COALESCE(h.grid_id, b.grid_id) AS gridId, r.matched_by AS matchedBy,
  r.host_person_id AS hostPersonId, r.visitor_name AS visitorName, r.visitor_phone AS visitorPhone, r.purpose,
  r.expected_at_ms AS expectedAtMs, r.submitted_at_ms AS submittedAtMs, r.lapses_at_ms AS lapsesAtMs, r.status,
  r.decided_at_ms AS decidedAtMs, r.decided_by_name AS decidedByName, r.decline_reason AS declineReason,
  r.pass_credential_id AS passId, c.status AS passStatus, c.valid_from_ms AS passValidFromMs,
  c.valid_until_ms AS passValidUntilMs, c.lookup_key AS passLookupKey`

const FROM = `visitor_requests r JOIN edges e ON e.id = r.gate_edge_id JOIN households h ON h.id = r.household_id
  JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id LEFT JOIN credentials c ON c.id = r.pass_credential_id`

/**
 * Visitors' requests (m008): written by the anonymous intake, read by the visitor with their
 * token and by the host household and staff by scope. Decisions are in visitor-request-decisions.ts.
 */
export class VisitorRequestRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(id: string): VisitorRequestRecord | null {
    return (this.#connection.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = ?`).get(id) as VisitorRequestRecord | undefined) ?? null
  }

  /** The request whose follow token hashes to this (the lookup is by an index over random hashes). */
  byTokenHash(tokenHash: string): VisitorRequestRecord | null {
    return (this.#connection.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.token_hash = ?`).get(tokenHash) as VisitorRequestRecord | undefined) ?? null
  }

  /** Stores an accepted request and its audit row (phone masked) in one transaction. */
  insert(request: NewVisitorRequest, atMs: number): VisitorRequestRecord {
    this.#connection.transaction(() => {
      this.#connection
        .prepare(
          `INSERT INTO visitor_requests (id, token_hash, gate_edge_id, household_id, matched_by, host_person_id, visitor_name,
             visitor_phone, purpose, expected_at_ms, submitted_at_ms, lapses_at_ms, status, ends_at_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(
          request.id,
          request.tokenHash,
          request.gateEdgeId,
          request.householdId,
          request.matchedBy,
          request.hostPersonId,
          request.visitorName,
          request.visitorPhone,
          request.purpose,
          request.expectedAtMs,
          atMs,
          request.lapsesAtMs,
          request.lapsesAtMs,
        )
      appendAudit(this.#connection, {
        actor: VISITOR_FORM_ACTOR,
        action: 'visitor-request.submitted',
        subjectKind: 'visitor-request',
        subjectId: request.id,
        detail: { gateEdgeId: request.gateEdgeId, householdId: request.householdId, matchedBy: request.matchedBy, visitorPhone: maskPhone(request.visitorPhone), expectedAtMs: request.expectedAtMs },
        atMs,
      })
    }).immediate()
    return this.get(request.id)!
  }

  /** Newest first; `state` pending/lapsed split the stored pending status at `nowMs`. */
  list(filter: VisitorRequestFilter, nowMs: number, page: PageRequest): ListPage<VisitorRequestRecord> {
    const conditions = new SqlConditions()
      .addWhenGiven('r.household_id = ?', filter.householdId)
      .addWhenGiven('COALESCE(h.grid_id, b.grid_id) = ?', filter.gridId)
      .addWhenGiven('r.gate_edge_id = ?', filter.gateEdgeId)
    if (filter.state === 'pending') conditions.add(`r.status = 'pending' AND r.lapses_at_ms > ?`, nowMs)
    else if (filter.state === 'lapsed') conditions.add(`r.status = 'pending' AND r.lapses_at_ms <= ?`, nowMs)
    else if (filter.state !== undefined) conditions.add('r.status = ?', filter.state)
    return selectPage<VisitorRequestRecord, VisitorRequestRecord>(
      this.#connection,
      { columns: COLUMNS, from: FROM, orderBy: 'r.submitted_at_ms DESC, r.id' },
      conditions,
      page,
      (row) => row,
    )
  }
}
