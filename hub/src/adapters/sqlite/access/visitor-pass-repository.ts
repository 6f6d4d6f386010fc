import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { newVisitorCode, visitorPassWindow, type VisitorCodeForm } from '../../../domain/access/visitor-pass-terms.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { CREDENTIAL_COLUMNS, CREDENTIAL_FROM, type CredentialRepository, type CredentialView } from './credential-repository.js'
import { SqlConditions, selectPage } from './sql-conditions.js'
import { PERSONS_IN_GRID_SQL, type SubjectPlaces } from './subject-places.js'
import { addTimedStateCondition, type TimedOrderState } from './timed-order-rows.js'

export interface InviteVisitor {
  readonly hostPersonId: string
  readonly visitorName: string
  readonly visitorPhone: string | null
  readonly validFromMs?: number | undefined
  readonly validUntilMs: number
  readonly codeForm: VisitorCodeForm
}

export interface VisitorPassFilter {
  readonly hostPersonId?: string | undefined
  readonly gridId?: string | undefined
  readonly status?: 'active' | 'revoked' | undefined
  readonly state?: TimedOrderState | undefined
}

/** A fresh code colliding with an active key is astronomically rare for QR codes, rare for keypad codes. */
const CODE_ATTEMPTS = 8

type AccountContext = ChangeContext & { readonly accountId: string | null }

/**
 * Visitor passes (story 5): a resident invites a visitor for a few hours. The visitor becomes a
 * person of role "visitor" holding one `visitor` credential with the host's id and building and a
 * random code; edges let it through every gate and the host's building, nothing else.
 */
export class VisitorPassRepository {
  readonly #connection: BetterSqlite3.Database
  readonly #credentials: CredentialRepository
  readonly #places: SubjectPlaces

  constructor(connection: BetterSqlite3.Database, credentials: CredentialRepository, places: SubjectPlaces) {
    this.#connection = connection
    this.#credentials = credentials
    this.#places = places
  }

  get(credentialId: string): CredentialView | null {
    const credential = this.#credentials.get(credentialId)
    return credential?.kind === 'visitor' ? credential : null
  }

  list(filter: VisitorPassFilter, nowMs: number, page: PageRequest): ListPage<CredentialView> {
    const conditions = new SqlConditions()
      .add(`c.kind = 'visitor'`)
      .addWhenGiven('c.host_person_id = ?', filter.hostPersonId)
      .addWhenGiven('c.status = ?', filter.status)
      .addWhenGiven(`c.host_person_id IN ${PERSONS_IN_GRID_SQL}`, filter.gridId)
    addTimedStateCondition(conditions, { startsAt: 'COALESCE(c.valid_from_ms, c.issued_at_ms)', endsAt: 'c.valid_until_ms' }, filter.state, nowMs)
    return selectPage<CredentialView, CredentialView>(
      this.#connection,
      { columns: CREDENTIAL_COLUMNS, from: CREDENTIAL_FROM, countFrom: 'credentials c', orderBy: 'c.valid_until_ms DESC, c.id' },
      conditions,
      page,
      (row) => row,
    )
  }

  invite(input: InviteVisitor, maxMs: number, context: AccountContext): AccessOutcome<CredentialView> {
    return runAccessChange(this.#connection, () => {
      const host = this.#places.person(input.hostPersonId)
      if (host === null) return accessFailure('UNKNOWN_REFERENCE', `person ${input.hostPersonId} not found`)
      if (host.role === 'visitor') return accessFailure('BAD_VISITOR_PASS', 'a visitor cannot invite another visitor')
      if (host.buildingId === null) return accessFailure('HOST_HAS_NO_BUILDING', 'the host lives in no building of the community')
      const window = visitorPassWindow(input, context.atMs, maxMs)
      if (!window.ok) return window
      const lookupKey = this.#freshCode(input.codeForm)
      if (lookupKey === null) return accessFailure('DUPLICATE_LOOKUP_KEY', 'no free visitor code was found; try again')
      const visitorId = newId('per')
      this.#connection
        .prepare(`INSERT INTO persons (id, display_name, role, phone, status, created_at_ms, updated_at_ms) VALUES (?, ?, 'visitor', ?, 'active', ?, ?)`)
        .run(visitorId, input.visitorName, input.visitorPhone, context.atMs, context.atMs)
      const id = newId('cred')
      this.#connection
        .prepare(
          `INSERT INTO credentials (id, person_id, kind, lookup_key, valid_from_ms, valid_until_ms, host_person_id, host_building_id,
             issued_at_ms, issued_by_account_id) VALUES (?, ?, 'visitor', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, visitorId, lookupKey, window.value.validFromMs, window.value.validUntilMs, host.personId, host.buildingId, context.atMs, context.accountId)
      auditChange(this.#connection, context, 'visitor-pass.issued', { kind: 'credential', id }, {
        visitorPersonId: visitorId,
        hostPersonId: host.personId,
        hostBuildingId: host.buildingId,
        codeForm: input.codeForm,
        ...window.value,
      })
      return accessSuccess(this.#credentials.get(id)!)
    })
  }

  #freshCode(form: VisitorCodeForm): string | null {
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
      const { lookupKey } = newVisitorCode(form)
      if (this.#credentials.activeHolderOf(lookupKey) === null) return lookupKey
    }
    return null
  }
}
