import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { OBSERVATION_SUBJECT_KINDS } from '../../../../../protocol/policy/policy-observation.js'
import { oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { mayManagePeopleAt } from '../../../domain/access/access-scope.js'
import type { Caller } from '../../../domain/caller.js'
import type { ObservationFilter, ObservationOrderView } from '../../sqlite/access/observation-repository.js'
import { presentObservation } from '../access/access-presenters.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { ObservationOrderViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import { ExtensionBody, ReasonBody, orderWindowFields, reasonField, stateField } from '../access/order-schemas.js'
import type { HubRoutes } from '../build-hub-app.js'
import { PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { outOfScope, requireCaller } from '../require-caller.js'

const TAGS = ['home observation']
const READERS = ['admin', 'grid-manager', 'gate-staff', 'resident'] as const

const PlaceBody = Type.Object(
  {
    subjectKind: oneOf(OBSERVATION_SUBJECT_KINDS, 'A person, a household or a whole building.'),
    subjectId: identifier('Their id.'),
    ...orderWindowFields,
    reason: reasonField('e.g. "returned from Wuhan on 2020-02-01".'),
  },
  { additionalProperties: false },
)
const OrderListQuery = Type.Object(
  {
    subjectKind: Type.Optional(oneOf(OBSERVATION_SUBJECT_KINDS, 'Only this kind of subject.')),
    subjectId: Type.Optional(identifier('Orders on this person, household or building.')),
    appliesToPersonId: Type.Optional(identifier('Orders holding this person (on them, their household or building).')),
    state: stateField(),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const OrderParams = idParams('orderId')

/**
 * Home observation (居家观察, story 3): place an order on a person, household or building (the
 * site's 14 days by default), see days left, release early, extend. Admins and the subject's grid
 * manager decide; gate staff read; a resident sees the orders that hold them.
 */
export function observationRoutes(deps: AccessRouteDeps): HubRoutes {
  const { observations, places } = deps.repositories

  function mayManage(caller: Caller, subject: Pick<ObservationOrderView, 'subjectKind' | 'subjectId'>): boolean {
    const place = places.subject(subject.subjectKind, subject.subjectId)
    return place === null ? caller.role === 'admin' : mayManagePeopleAt(caller, place)
  }

  function holdsCaller(caller: Caller, order: ObservationOrderView): boolean {
    const place = caller.personId === null ? null : places.person(caller.personId)
    if (place === null) return false
    const idOfKind = { person: place.personId, household: place.householdId, building: place.buildingId }
    return idOfKind[order.subjectKind] === order.subjectId
  }

  function confined(caller: Caller, filter: ObservationFilter): ObservationFilter {
    if (caller.role === 'grid-manager') return { ...filter, gridId: caller.gridId ?? '' }
    if (caller.role !== 'resident') return filter
    if (filter.appliesToPersonId !== undefined && filter.appliesToPersonId !== caller.personId) throw outOfScope(`person ${filter.appliesToPersonId}`)
    return { ...filter, appliesToPersonId: caller.personId ?? '' }
  }

  function managed(caller: Caller, orderId: string): ObservationOrderView {
    const order = observations.get(orderId)
    if (order === null) throw notFoundError(`observation order ${orderId}`)
    if (!mayManage(caller, order)) throw outOfScope(`observation order ${orderId}`)
    return order
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof PlaceBody> }>(
      '/api/observation-orders',
      { schema: { tags: TAGS, summary: 'Place a person, household or building under home observation', body: PlaceBody, response: { 201: ObservationOrderViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        if (!mayManage(caller, request.body)) throw outOfScope(`${request.body.subjectKind} ${request.body.subjectId}`)
        const input = { ...request.body, reason: request.body.reason ?? '' }
        const order = commitAccessChange(deps, caller, (context) => observations.place(input, context), (value) => `observation.placed ${value.id}`)
        return reply.status(201).send(presentObservation(order, deps.clock.now()))
      },
    )

    app.get<{ Querystring: Static<typeof OrderListQuery> }>(
      '/api/observation-orders',
      { schema: { tags: TAGS, summary: 'List observation orders with days left', querystring: OrderListQuery, response: { 200: pageResponse(ObservationOrderViewSchema, 'One page of orders.') } } },
      async (request) => {
        const caller = requireCaller(request, READERS)
        const { limit, offset, ...filter } = request.query
        const page = pageOf({ limit, offset })
        const nowMs = deps.clock.now()
        const listed = observations.list(confined(caller, filter), nowMs, page)
        return { items: listed.items.map((order) => presentObservation(order, nowMs)), total: listed.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof OrderParams> }>(
      '/api/observation-orders/:orderId',
      { schema: { tags: TAGS, summary: 'One observation order', params: OrderParams, response: { 200: ObservationOrderViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, READERS)
        const order = observations.get(request.params.orderId)
        if (order === null) throw notFoundError(`observation order ${request.params.orderId}`)
        const mayRead = caller.role === 'gate-staff' || (caller.role === 'resident' ? holdsCaller(caller, order) : mayManage(caller, order))
        if (!mayRead) throw outOfScope(`observation order ${order.id}`)
        return presentObservation(order, deps.clock.now())
      },
    )

    app.post<{ Params: Static<typeof OrderParams>; Body: Static<typeof ReasonBody> }>(
      '/api/observation-orders/:orderId/release',
      { schema: { tags: TAGS, summary: 'Release early (the order lifts now)', params: OrderParams, body: ReasonBody, response: { 200: ObservationOrderViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const order = managed(caller, request.params.orderId)
        const released = commitAccessChange(deps, caller, (context) => observations.releaseEarly(order.id, request.body.reason ?? '', context), (value) => `observation.released-early ${value.id}`)
        return presentObservation(released, deps.clock.now())
      },
    )

    app.post<{ Params: Static<typeof OrderParams>; Body: Static<typeof ExtensionBody> }>(
      '/api/observation-orders/:orderId/extend',
      { schema: { tags: TAGS, summary: 'Extend an order by days or to a later end', params: OrderParams, body: ExtensionBody, response: { 200: ObservationOrderViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const order = managed(caller, request.params.orderId)
        const input = { ...request.body, reason: request.body.reason ?? '' }
        const extended = commitAccessChange(deps, caller, (context) => observations.extend(order.id, input, context), (value) => `observation.extended ${value.id}`)
        return presentObservation(extended, deps.clock.now())
      },
    )
  }
}
