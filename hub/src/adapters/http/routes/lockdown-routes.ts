import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { presentLockdown } from '../access/access-presenters.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { LockdownViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import { ExtensionBody, ReasonBody, orderWindowFields, reasonField, stateField } from '../access/order-schemas.js'
import type { HubRoutes } from '../build-hub-app.js'
import { PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'

const TAGS = ['lockdowns']
const READERS = ['admin', 'grid-manager', 'gate-staff'] as const

const SealBody = Type.Object(
  { buildingId: identifier('The building to seal.'), ...orderWindowFields, reason: reasonField('e.g. "confirmed case in unit 2".') },
  { additionalProperties: false },
)
const LockdownListQuery = Type.Object(
  { buildingId: Type.Optional(identifier('Lockdowns of this building.')), state: stateField(), ...PageQueryFields },
  { additionalProperties: false },
)
const LockdownParams = idParams('lockdownId')

/**
 * Sealed buildings (封楼, story 3): the admin seals a building (the site's default observation
 * length, 14 days, unless told otherwise); its doors refuse everyone but lockdown-exempt staff
 * until it reopens by itself, or is lifted early.
 */
export function lockdownRoutes(deps: AccessRouteDeps): HubRoutes {
  const { lockdowns, observations } = deps.repositories
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof SealBody> }>(
      '/api/lockdowns',
      { schema: { tags: TAGS, summary: 'Seal a building', body: SealBody, response: { 201: LockdownViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const input = { ...request.body, reason: request.body.reason ?? '' }
        const sealed = commitAccessChange(deps, caller, (context) => lockdowns.seal(input, observations.defaultDays(), context), (value) => `lockdown.sealed ${value.id}`)
        return reply.status(201).send(presentLockdown(sealed, deps.clock.now()))
      },
    )

    app.get<{ Querystring: Static<typeof LockdownListQuery> }>(
      '/api/lockdowns',
      { schema: { tags: TAGS, summary: 'List sealed buildings with days left', querystring: LockdownListQuery, response: { 200: pageResponse(LockdownViewSchema, 'One page of lockdowns.') } } },
      async (request) => {
        requireCaller(request, READERS)
        const { limit, offset, ...filter } = request.query
        const page = pageOf({ limit, offset })
        const nowMs = deps.clock.now()
        const listed = lockdowns.list(filter, nowMs, page)
        return { items: listed.items.map((lockdown) => presentLockdown(lockdown, nowMs)), total: listed.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof LockdownParams> }>(
      '/api/lockdowns/:lockdownId',
      { schema: { tags: TAGS, summary: 'One lockdown', params: LockdownParams, response: { 200: LockdownViewSchema } } },
      async (request) => {
        requireCaller(request, READERS)
        const lockdown = lockdowns.get(request.params.lockdownId)
        if (lockdown === null) throw notFoundError(`lockdown ${request.params.lockdownId}`)
        return presentLockdown(lockdown, deps.clock.now())
      },
    )

    app.post<{ Params: Static<typeof LockdownParams>; Body: Static<typeof ReasonBody> }>(
      '/api/lockdowns/:lockdownId/lift',
      { schema: { tags: TAGS, summary: 'Lift a lockdown early (reopen now)', params: LockdownParams, body: ReasonBody, response: { 200: LockdownViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const lifted = commitAccessChange(deps, caller, (context) => lockdowns.liftEarly(request.params.lockdownId, request.body.reason ?? '', context), (value) => `lockdown.lifted-early ${value.id}`)
        return presentLockdown(lifted, deps.clock.now())
      },
    )

    app.post<{ Params: Static<typeof LockdownParams>; Body: Static<typeof ExtensionBody> }>(
      '/api/lockdowns/:lockdownId/extend',
      { schema: { tags: TAGS, summary: 'Extend a lockdown', params: LockdownParams, body: ExtensionBody, response: { 200: LockdownViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const input = { ...request.body, reason: request.body.reason ?? '' }
        const extended = commitAccessChange(deps, caller, (context) => lockdowns.extend(request.params.lockdownId, input, context), (value) => `lockdown.extended ${value.id}`)
        return presentLockdown(extended, deps.clock.now())
      },
    )
  }
}
