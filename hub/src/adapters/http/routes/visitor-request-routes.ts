import { Type, type Static } from '@sinclair/typebox'
import type BetterSqlite3 from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { epochMs, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { DEFAULT_VISITOR_PASS_MAX_MS } from '../../../domain/access/visitor-pass-terms.js'
import type { Caller } from '../../../domain/caller.js'
import { VISITOR_REQUEST_STATES } from '../../../domain/visitors/visitor-request-terms.js'
import type { Clock } from '../../../ports/clock.js'
import type { Logger } from '../../../ports/logger.js'
import type { PolicyChangeListener } from '../../../ports/policy-change-listener.js'
import { VisitorRequestIntake, type VisitorRequestLimits } from '../../../services/visitors/visitor-request-intake.js'
import { auditActorOf } from '../../sqlite/append-audit.js'
import { VisitorPosterPlaces } from '../../sqlite/visitors/visitor-poster-places.js'
import { VisitorRequestDecisions } from '../../sqlite/visitors/visitor-request-decisions.js'
import { VisitorRequestRepository, type VisitorRequestFilter, type VisitorRequestRecord } from '../../sqlite/visitors/visitor-request-repository.js'
import { presentVisitorPass } from '../access/access-presenters.js'
import type { AccessRepositories, AccessRouteDeps } from '../access/access-route-deps.js'
import { VisitorPassViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, httpErrorOf, notFoundError } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { outOfScope, requireCaller } from '../require-caller.js'
import { visitorFormRoutes } from '../visitors/visitor-form-routes.js'
import { VisitorRequestViewSchema, presentForStaff } from '../visitors/visitor-request-views.js'

const TAGS = ['visitors']
const READERS = ['admin', 'grid-manager', 'gate-staff', 'resident'] as const
const DECIDERS = ['admin', 'grid-manager', 'resident'] as const

const ListQuery = Type.Object({ state: Type.Optional(oneOf(VISITOR_REQUEST_STATES, 'Only requests in this state.')), ...PageQueryFields }, { additionalProperties: false })
const RequestParams = idParams('requestId')
const ApproveBody = Type.Object(
  {
    validFromMs: Type.Optional(epochMs('The pass is valid from (default now; never in the past).')),
    validUntilMs: epochMs('Until: at most 24 hours after the start.'),
  },
  { additionalProperties: false },
)
const DeclineBody = Type.Object({ reason: Type.Optional(printableText(200, 'Shown to the visitor, e.g. "not at home today".')) }, { additionalProperties: false })
const ApprovedSchema = Type.Object({ request: VisitorRequestViewSchema, pass: VisitorPassViewSchema }, { description: 'Approved: the request and the visitor pass issued for it.' })

export interface VisitorRequestRoutesDeps {
  readonly connection: BetterSqlite3.Database
  readonly access: AccessRepositories
  readonly clock: Clock
  readonly log: Logger
  readonly policyChanges: PolicyChangeListener
  readonly limits?: VisitorRequestLimits
  /** Longest visitor pass, ms (default 24 h). */
  readonly visitorPassMaxMs?: number
}

/**
 * Visitors' requests (issue 5 §3, story 5): the anonymous form's routes (visitor-form-routes.ts)
 * and the household's: a resident sees the requests to their household and approves one with a
 * time-boxed visitor pass (hosting it themself) or declines it; grid managers do the same for
 * their grid, admins for all; gate staff see their gate's requests, phones masked.
 */
export function visitorRequestRoutes(deps: VisitorRequestRoutesDeps): HubRoutes[] {
  const places = new VisitorPosterPlaces(deps.connection)
  const requests = new VisitorRequestRepository(deps.connection)
  const decisions = new VisitorRequestDecisions(deps.connection, requests, deps.access.visitorPasses)
  const intake = new VisitorRequestIntake({ places, requests, clock: deps.clock, log: deps.log, ...(deps.limits !== undefined && { limits: deps.limits }) })
  const accessDeps: AccessRouteDeps = { repositories: deps.access, clock: deps.clock, policyChanges: deps.policyChanges, log: deps.log }
  return [visitorFormRoutes({ intake, places, requests, clock: deps.clock }), householdRoutes({ deps, places, requests, decisions, accessDeps })]
}

interface HouseholdRoutesParts {
  readonly deps: VisitorRequestRoutesDeps
  readonly places: VisitorPosterPlaces
  readonly requests: VisitorRequestRepository
  readonly decisions: VisitorRequestDecisions
  readonly accessDeps: AccessRouteDeps
}

function householdRoutes({ deps, places, requests, decisions, accessDeps }: HouseholdRoutesParts): HubRoutes {
  const householdOf = (caller: Caller) => (caller.personId === null ? null : (deps.access.places.person(caller.personId)?.householdId ?? null))

  /** What a caller may list: the household's, the grid's, the gate's, or everything. */
  function scopeOf(caller: Caller): VisitorRequestFilter | null {
    if (caller.role === 'admin') return {}
    if (caller.role === 'grid-manager') return caller.gridId === null ? null : { gridId: caller.gridId }
    if (caller.role === 'gate-staff') return caller.checkpointEdgeId === null ? null : { gateEdgeId: caller.checkpointEdgeId }
    const householdId = householdOf(caller)
    return householdId === null ? null : { householdId }
  }

  function mayDecide(caller: Caller, record: VisitorRequestRecord): boolean {
    if (caller.role === 'admin') return true
    if (caller.role === 'grid-manager') return caller.gridId !== null && caller.gridId === record.gridId
    return caller.role === 'resident' && householdOf(caller) === record.householdId
  }

  function mayRead(caller: Caller, record: VisitorRequestRecord): boolean {
    return mayDecide(caller, record) || (caller.role === 'gate-staff' && caller.checkpointEdgeId === record.gateEdgeId)
  }

  function existing(requestId: string): VisitorRequestRecord {
    const record = requests.get(requestId)
    if (record === null) throw notFoundError(`visitor request ${requestId}`)
    return record
  }

  /** The resident approving hosts the visitor; staff approve for the resident the visitor named, else the household's owner. */
  function hostFor(caller: Caller, record: VisitorRequestRecord): string {
    if (caller.role === 'resident' && caller.personId !== null) return caller.personId
    const host = record.hostPersonId ?? places.defaultHostOf(record.householdId)
    if (host === null) throw new HubHttpError(409, 'HOST_HAS_NO_BUILDING', 'nobody lives in this household who could host the visitor')
    return host
  }

  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/api/visitor-requests',
      { schema: { tags: TAGS, summary: 'Visitors’ requests to my household (residents), my grid, my gate, or all', querystring: ListQuery, response: { 200: pageResponse(VisitorRequestViewSchema, 'One page of requests, newest first.') } } },
      async (request) => {
        const caller = requireCaller(request, READERS)
        const { limit, offset, state } = request.query
        const page = pageOf({ limit, offset })
        const scope = scopeOf(caller)
        if (scope === null) return { items: [], total: 0, ...page }
        const nowMs = deps.clock.now()
        const listed = requests.list({ ...scope, state }, nowMs, page)
        return { items: listed.items.map((record) => presentForStaff(caller, record, nowMs)), total: listed.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof RequestParams> }>(
      '/api/visitor-requests/:requestId',
      { schema: { tags: TAGS, summary: 'One visitor’s request', params: RequestParams, response: { 200: VisitorRequestViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, READERS)
        const record = existing(request.params.requestId)
        if (!mayRead(caller, record)) throw outOfScope(`visitor request ${record.id}`)
        return presentForStaff(caller, record, deps.clock.now())
      },
    )

    app.post<{ Params: Static<typeof RequestParams>; Body: Static<typeof ApproveBody> }>(
      '/api/visitor-requests/:requestId/approve',
      { schema: { tags: TAGS, summary: 'Approve a visitor’s request: issues their visitor pass for a time box', params: RequestParams, body: ApproveBody, response: { 200: ApprovedSchema } } },
      async (request) => {
        const caller = requireCaller(request, DECIDERS)
        const record = existing(request.params.requestId)
        if (!mayDecide(caller, record)) throw outOfScope(`visitor request ${record.id}`)
        const input = { requestId: record.id, hostPersonId: hostFor(caller, record), validFromMs: request.body.validFromMs, validUntilMs: request.body.validUntilMs }
        const maxMs = deps.visitorPassMaxMs ?? DEFAULT_VISITOR_PASS_MAX_MS
        const approved = commitAccessChange(accessDeps, caller, (context) => decisions.approve(input, maxMs, context), (value) => `visitor-pass.issued ${value.pass.id}`)
        return { request: presentForStaff(caller, approved.request, deps.clock.now()), pass: presentVisitorPass(caller, approved.pass) }
      },
    )

    app.post<{ Params: Static<typeof RequestParams>; Body: Static<typeof DeclineBody> }>(
      '/api/visitor-requests/:requestId/decline',
      { schema: { tags: TAGS, summary: 'Decline a visitor’s request', params: RequestParams, body: DeclineBody, response: { 200: VisitorRequestViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, DECIDERS)
        const record = existing(request.params.requestId)
        if (!mayDecide(caller, record)) throw outOfScope(`visitor request ${record.id}`)
        // No policy change to announce: declining issues nothing.
        const declined = decisions.decline(record.id, request.body.reason ?? '', { actor: auditActorOf(caller), atMs: deps.clock.now(), accountId: caller.accountId })
        if (!declined.ok) throw httpErrorOf(declined)
        return presentForStaff(caller, declined.value, deps.clock.now())
      },
    )
  }
}
