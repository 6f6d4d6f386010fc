import type BetterSqlite3 from 'better-sqlite3'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { visitorRequestState } from '../../../domain/visitors/visitor-request-terms.js'
import { auditChange, runAccessChange, type ChangeContext } from '../access/access-change.js'
import type { CredentialView } from '../access/credential-repository.js'
import type { VisitorPassRepository } from '../access/visitor-pass-repository.js'
import type { VisitorRequestRecord, VisitorRequestRepository } from './visitor-request-repository.js'

export interface ApproveVisitorRequest {
  readonly requestId: string
  /** The resident the pass names as host (the approving resident, or the household's host for staff). */
  readonly hostPersonId: string
  readonly validFromMs?: number | undefined
  readonly validUntilMs: number
}

/** Who decides: an account, named in the request and the audit log. */
export type DecisionContext = ChangeContext & { readonly accountId: string }

export interface ApprovedVisitorRequest {
  readonly request: VisitorRequestRecord
  readonly pass: CredentialView
}

/**
 * The host household's answer to a visitor's request. Approving issues the visitor pass
 * (VisitorPassRepository.invite, QR form) and marks the request in the same transaction, with
 * both audit rows; a request that is no longer pending, or has lapsed, is refused and nothing
 * changes.
 */
export class VisitorRequestDecisions {
  readonly #connection: BetterSqlite3.Database
  readonly #requests: VisitorRequestRepository
  readonly #visitorPasses: VisitorPassRepository

  constructor(connection: BetterSqlite3.Database, requests: VisitorRequestRepository, visitorPasses: VisitorPassRepository) {
    this.#connection = connection
    this.#requests = requests
    this.#visitorPasses = visitorPasses
  }

  approve(input: ApproveVisitorRequest, maxPassMs: number, context: DecisionContext): AccessOutcome<ApprovedVisitorRequest> {
    return runAccessChange(this.#connection, () => {
      const pending = this.#pending(input.requestId, context.atMs)
      if (!pending.ok) return pending
      const request = pending.value
      const invite = { hostPersonId: input.hostPersonId, visitorName: request.visitorName, visitorPhone: request.visitorPhone, codeForm: 'qr' as const }
      const issued = this.#visitorPasses.invite({ ...invite, validFromMs: input.validFromMs, validUntilMs: input.validUntilMs }, maxPassMs, context)
      if (!issued.ok) return issued
      const pass = issued.value
      this.#connection
        .prepare(
          `UPDATE visitor_requests SET status = 'approved', decided_at_ms = ?, decided_by_account_id = ?, decided_by_name = ?,
             pass_credential_id = ?, ends_at_ms = ? WHERE id = ?`,
        )
        .run(context.atMs, context.accountId, context.actor.name, pass.id, pass.validUntilMs ?? context.atMs, request.id)
      auditChange(this.#connection, context, 'visitor-request.approved', { kind: 'visitor-request', id: request.id }, { passId: pass.id, hostPersonId: input.hostPersonId })
      return accessSuccess({ request: this.#requests.get(request.id)!, pass })
    })
  }

  decline(requestId: string, reason: string, context: DecisionContext): AccessOutcome<VisitorRequestRecord> {
    return runAccessChange(this.#connection, () => {
      const pending = this.#pending(requestId, context.atMs)
      if (!pending.ok) return pending
      this.#connection
        .prepare(
          `UPDATE visitor_requests SET status = 'declined', decided_at_ms = ?, decided_by_account_id = ?, decided_by_name = ?,
             decline_reason = ?, ends_at_ms = ? WHERE id = ?`,
        )
        .run(context.atMs, context.accountId, context.actor.name, reason === '' ? null : reason, context.atMs, requestId)
      auditChange(this.#connection, context, 'visitor-request.declined', { kind: 'visitor-request', id: requestId }, { reason })
      return accessSuccess(this.#requests.get(requestId)!)
    })
  }

  #pending(requestId: string, nowMs: number): AccessOutcome<VisitorRequestRecord> {
    const request = this.#requests.get(requestId)
    if (request === null) return accessFailure('NOT_FOUND', `visitor request ${requestId} not found`)
    const state = visitorRequestState(request, nowMs)
    if (state === 'lapsed') return accessFailure('REQUEST_LAPSED', 'the visitor’s request lapsed: the expected time is long past')
    if (state !== 'pending') return accessFailure('REQUEST_NOT_PENDING', `the request was already ${state}`)
    return accessSuccess(request)
  }
}
