import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { epochMs, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { mayManageVisitorPassesOf } from '../../../domain/access/access-scope.js'
import { DEFAULT_VISITOR_PASS_MAX_MS, VISITOR_CODE_FORMS } from '../../../domain/access/visitor-pass-terms.js'
import type { Caller } from '../../../domain/caller.js'
import type { CredentialView } from '../../sqlite/access/credential-repository.js'
import type { VisitorPassFilter } from '../../sqlite/access/visitor-pass-repository.js'
import { confinePeopleList } from '../access/access-list-scope.js'
import { presentVisitorPass } from '../access/access-presenters.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { VisitorPassViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import { ReasonBody, stateField } from '../access/order-schemas.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { outOfScope, requireCaller } from '../require-caller.js'

const TAGS = ['visitors']
const READERS = ['admin', 'grid-manager', 'gate-staff', 'resident'] as const

const InviteBody = Type.Object(
  {
    hostPersonId: Type.Optional(identifier('The inviting resident; a resident invites as themself (default).')),
    visitorName: printableText(64, "The visitor's name, shown at the kiosk."),
    visitorPhone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,19}$', description: "The visitor's phone (kept at the hub, never sent to edges)." })),
    validFromMs: Type.Optional(epochMs('From (default now; never in the past).')),
    validUntilMs: epochMs('Until: at most 24 hours after the start.'),
    codeForm: Type.Optional(oneOf(VISITOR_CODE_FORMS, 'qr (default): a code shown as a QR; keypad: 8 digits typed on the reader.')),
  },
  { additionalProperties: false },
)
const PassListQuery = Type.Object(
  {
    hostPersonId: Type.Optional(identifier('Passes this resident hosts.')),
    status: Type.Optional(oneOf(['active', 'revoked'] as const, 'Only active or only revoked passes.')),
    state: stateField(),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const PassParams = idParams('passId')

/**
 * Visitor passes (story 5): a resident invites a visitor with a time-boxed pass for the gates and
 * their own building; staff may issue one for a host they manage. The host (and admins) see the
 * code to pass on; gate staff see passes without codes; the host may revoke.
 */
export function visitorPassRoutes(deps: AccessRouteDeps): HubRoutes {
  const { visitorPasses, credentials, places } = deps.repositories
  const maxMs = deps.visitorPassMaxMs ?? DEFAULT_VISITOR_PASS_MAX_MS

  function mayManageHost(caller: Caller, hostPersonId: string): boolean {
    const host = places.person(hostPersonId)
    return host === null ? caller.role === 'admin' : mayManageVisitorPassesOf(caller, host)
  }

  function existing(passId: string): CredentialView {
    const pass = visitorPasses.get(passId)
    if (pass === null) throw notFoundError(`visitor pass ${passId}`)
    return pass
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof InviteBody> }>(
      '/api/visitor-passes',
      { schema: { tags: TAGS, summary: 'Invite a visitor: a time-boxed pass for the gates and the host’s building', body: InviteBody, response: { 201: VisitorPassViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        const { body } = request
        const hostPersonId = body.hostPersonId ?? caller.personId
        if (hostPersonId === null) throw new HubHttpError(400, 'HOST_REQUIRED', 'name the resident who hosts the visitor')
        if (!mayManageHost(caller, hostPersonId)) throw outOfScope(`person ${hostPersonId}`)
        const input = {
          hostPersonId,
          visitorName: body.visitorName,
          visitorPhone: body.visitorPhone ?? null,
          validFromMs: body.validFromMs,
          validUntilMs: body.validUntilMs,
          codeForm: body.codeForm ?? 'qr',
        }
        const pass = commitAccessChange(deps, caller, (context) => visitorPasses.invite(input, maxMs, context), (value) => `visitor-pass.issued ${value.id}`)
        return reply.status(201).send(presentVisitorPass(caller, pass))
      },
    )

    app.get<{ Querystring: Static<typeof PassListQuery> }>(
      '/api/visitor-passes',
      { schema: { tags: TAGS, summary: 'List visitor passes', querystring: PassListQuery, response: { 200: pageResponse(VisitorPassViewSchema, 'One page of visitor passes.') } } },
      async (request) => {
        const caller = requireCaller(request, READERS)
        const { limit, offset, ...query } = request.query
        const page = pageOf({ limit, offset })
        const filter: VisitorPassFilter = caller.role === 'gate-staff' ? query : confinePeopleList(caller, query, 'hostPersonId')
        const listed = visitorPasses.list(filter, deps.clock.now(), page)
        return { items: listed.items.map((pass) => presentVisitorPass(caller, pass)), total: listed.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof PassParams> }>(
      '/api/visitor-passes/:passId',
      { schema: { tags: TAGS, summary: 'One visitor pass', params: PassParams, response: { 200: VisitorPassViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, READERS)
        const pass = existing(request.params.passId)
        if (caller.role !== 'gate-staff' && !mayManageHost(caller, pass.hostPersonId ?? '')) throw outOfScope(`visitor pass ${pass.id}`)
        return presentVisitorPass(caller, pass)
      },
    )

    app.post<{ Params: Static<typeof PassParams>; Body: Static<typeof ReasonBody> }>(
      '/api/visitor-passes/:passId/revoke',
      { schema: { tags: TAGS, summary: 'Revoke a visitor pass', params: PassParams, body: ReasonBody, response: { 200: VisitorPassViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        const pass = existing(request.params.passId)
        if (!mayManageHost(caller, pass.hostPersonId ?? '')) throw outOfScope(`visitor pass ${pass.id}`)
        const revoked = commitAccessChange(deps, caller, (context) => credentials.revoke(pass.id, request.body.reason ?? '', context), (value) => `credential.revoked ${value.id}`)
        return presentVisitorPass(caller, revoked)
      },
    )
  }
}
