import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { DoorGroupViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { OkResponse, PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'

const TAGS = ['door groups']
const READERS = ['admin', 'grid-manager'] as const
const doorIds = (description: string) => Type.Array(identifier('A door id.'), { maxItems: 500, uniqueItems: true, description })

const GroupBody = Type.Object(
  { name: printableText(64, 'e.g. "Building 3 doors", "Cleaners".'), doorIds: Type.Optional(doorIds('Its first members.')) },
  { additionalProperties: false },
)
const GroupPatch = Type.Object({ name: printableText(64, 'New name.') }, { additionalProperties: false })
const MembersBody = Type.Object(
  { add: Type.Optional(doorIds('Doors to add.')), remove: Type.Optional(doorIds('Doors to remove.')) },
  { additionalProperties: false, minProperties: 1 },
)
const GroupListQuery = Type.Object({ doorId: Type.Optional(identifier('Groups this door belongs to.')), ...PageQueryFields }, { additionalProperties: false })
const GroupParams = idParams('groupId')

/** Door groups, the targets of access rules for several doors at once. Admin changes, staff read. */
export function doorGroupRoutes(deps: AccessRouteDeps): HubRoutes {
  const { doorGroups } = deps.repositories
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof GroupBody> }>(
      '/api/door-groups',
      { schema: { tags: TAGS, summary: 'Create a door group', body: GroupBody, response: { 201: DoorGroupViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const group = commitAccessChange(
          deps,
          caller,
          (context) => doorGroups.create({ name: request.body.name, doorIds: request.body.doorIds ?? [] }, context),
          (value) => `door-group.created ${value.id}`,
        )
        return reply.status(201).send(group)
      },
    )

    app.get<{ Querystring: Static<typeof GroupListQuery> }>(
      '/api/door-groups',
      { schema: { tags: TAGS, summary: 'List door groups with their doors', querystring: GroupListQuery, response: { 200: pageResponse(DoorGroupViewSchema, 'One page of door groups.') } } },
      async (request) => {
        requireCaller(request, READERS)
        const page = pageOf(request.query)
        return { ...doorGroups.list({ doorId: request.query.doorId }, page), ...page }
      },
    )

    app.get<{ Params: Static<typeof GroupParams> }>(
      '/api/door-groups/:groupId',
      { schema: { tags: TAGS, summary: 'One door group', params: GroupParams, response: { 200: DoorGroupViewSchema } } },
      async (request) => {
        requireCaller(request, READERS)
        const group = doorGroups.get(request.params.groupId)
        if (group === null) throw notFoundError(`door group ${request.params.groupId}`)
        return group
      },
    )

    app.patch<{ Params: Static<typeof GroupParams>; Body: Static<typeof GroupPatch> }>(
      '/api/door-groups/:groupId',
      { schema: { tags: TAGS, summary: 'Rename a door group', params: GroupParams, body: GroupPatch, response: { 200: DoorGroupViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        return commitAccessChange(deps, caller, (context) => doorGroups.rename(request.params.groupId, request.body.name, context), (value) => `door-group.renamed ${value.id}`)
      },
    )

    app.post<{ Params: Static<typeof GroupParams>; Body: Static<typeof MembersBody> }>(
      '/api/door-groups/:groupId/members',
      { schema: { tags: TAGS, summary: 'Add and remove doors of a group in one change', params: GroupParams, body: MembersBody, response: { 200: DoorGroupViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const change = { add: request.body.add ?? [], remove: request.body.remove ?? [] }
        return commitAccessChange(deps, caller, (context) => doorGroups.changeMembers(request.params.groupId, change, context), (value) => `door-group.members-changed ${value.id}`)
      },
    )

    app.delete<{ Params: Static<typeof GroupParams> }>(
      '/api/door-groups/:groupId',
      { schema: { tags: TAGS, summary: 'Remove a door group no access rule names', params: GroupParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitAccessChange(deps, caller, (context) => doorGroups.delete(request.params.groupId, context), (value) => `door-group.removed ${value.id}`)
        return { ok: true as const }
      },
    )
  }
}
