import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { epochMs } from '../../../../../protocol/policy/policy-field-schemas.js'
import { mayManagePeopleAt } from '../../../domain/access/access-scope.js'
import type { Caller } from '../../../domain/caller.js'
import { presentMedicalException } from '../access/access-presenters.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { MedicalExceptionViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import { ReasonBody, reasonField, stateField } from '../access/order-schemas.js'
import type { HubRoutes } from '../build-hub-app.js'
import { PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { outOfScope, requireCaller } from '../require-caller.js'

const TAGS = ['home observation']
const READERS = ['admin', 'grid-manager', 'gate-staff', 'resident'] as const

const GrantBody = Type.Object(
  {
    personId: identifier('Who may go out.'),
    startsAtMs: Type.Optional(epochMs('From (default now).')),
    endsAtMs: epochMs('Until (exclusive).'),
    approvedBy: printableText(64, 'Staff member or doctor who approved it, e.g. "周医生".'),
    reason: reasonField('e.g. "dialysis at the district hospital".'),
  },
  { additionalProperties: false },
)
const ExceptionListQuery = Type.Object(
  { personId: Type.Optional(identifier("This person's exceptions.")), state: stateField(), ...PageQueryFields },
  { additionalProperties: false },
)
const ExceptionParams = idParams('exceptionId')

/**
 * Medical exceptions to home observation: leave for one person to go out for a window, with the
 * name of whoever approved it; the edges log a grant it enables as MEDICAL_EXCEPTION.
 */
export function medicalExceptionRoutes(deps: AccessRouteDeps): HubRoutes {
  const { medicalExceptions, places } = deps.repositories

  function mayManagePerson(caller: Caller, personId: string): boolean {
    const place = places.person(personId)
    return place === null ? caller.role === 'admin' : mayManagePeopleAt(caller, place)
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof GrantBody> }>(
      '/api/medical-exceptions',
      { schema: { tags: TAGS, summary: 'Grant a medical exception to home observation', body: GrantBody, response: { 201: MedicalExceptionViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        if (!mayManagePerson(caller, request.body.personId)) throw outOfScope(`person ${request.body.personId}`)
        const input = { ...request.body, reason: request.body.reason ?? '' }
        const granted = commitAccessChange(deps, caller, (context) => medicalExceptions.grant(input, context), (value) => `medical-exception.granted ${value.id}`)
        return reply.status(201).send(presentMedicalException(granted, deps.clock.now()))
      },
    )

    app.get<{ Querystring: Static<typeof ExceptionListQuery> }>(
      '/api/medical-exceptions',
      { schema: { tags: TAGS, summary: 'List medical exceptions', querystring: ExceptionListQuery, response: { 200: pageResponse(MedicalExceptionViewSchema, 'One page of exceptions.') } } },
      async (request) => {
        const caller = requireCaller(request, READERS)
        const { limit, offset, ...query } = request.query
        const page = pageOf({ limit, offset })
        let filter: { personId?: string | undefined; gridId?: string | undefined; state?: typeof query.state } = query
        if (caller.role === 'grid-manager') filter = { ...query, gridId: caller.gridId ?? '' }
        if (caller.role === 'resident') {
          if (query.personId !== undefined && query.personId !== caller.personId) throw outOfScope(`person ${query.personId}`)
          filter = { ...query, personId: caller.personId ?? '' }
        }
        const nowMs = deps.clock.now()
        const listed = medicalExceptions.list(filter, nowMs, page)
        return { items: listed.items.map((exception) => presentMedicalException(exception, nowMs)), total: listed.total, ...page }
      },
    )

    app.post<{ Params: Static<typeof ExceptionParams>; Body: Static<typeof ReasonBody> }>(
      '/api/medical-exceptions/:exceptionId/end',
      { schema: { tags: TAGS, summary: 'End a medical exception now (back home)', params: ExceptionParams, body: ReasonBody, response: { 200: MedicalExceptionViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const exception = medicalExceptions.get(request.params.exceptionId)
        if (exception === null) throw notFoundError(`medical exception ${request.params.exceptionId}`)
        if (!mayManagePerson(caller, exception.personId)) throw outOfScope(`medical exception ${exception.id}`)
        const ended = commitAccessChange(deps, caller, (context) => medicalExceptions.endEarly(exception.id, request.body.reason ?? '', context), (value) => `medical-exception.ended-early ${value.id}`)
        return presentMedicalException(ended, deps.clock.now())
      },
    )
  }
}
