import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { ANTI_PASSBACK_MODES, DOOR_KINDS, TEMPERATURE_ENFORCEMENTS } from '../../../../../protocol/policy/policy-door.js'
import { durationMs, nullable, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { mayReadEdge } from '../../../domain/access/access-scope.js'
import { DOOR_LANES, FAIL_MODES } from '../../../domain/access/door-settings.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { DoorViewSchema, EdgeViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { OkResponse, PageQueryFields, idParams, pageOf, pageResponse, searchText } from '../people/people-schemas.js'
import { outOfScope, requireCaller } from '../require-caller.js'

const TAGS = ['edges and doors']
const STAFF_READERS = ['admin', 'grid-manager', 'gate-staff'] as const

const EdgeBody = Type.Object(
  {
    id: Type.Optional(identifier('Edge id (its MQTT identity); generated when absent.')),
    name: printableText(64, 'Name shown to staff, e.g. "North gate".'),
  },
  { additionalProperties: false },
)
const EdgePatch = Type.Object({ name: printableText(64, 'New name.') }, { additionalProperties: false })
const EdgeListQuery = Type.Object({ name: Type.Optional(searchText('Name containing this text.')), ...PageQueryFields }, { additionalProperties: false })

const doorSettingFields = {
  name: Type.Optional(printableText(64, 'Name shown to staff, e.g. "North gate, residents lane".')),
  kind: Type.Optional(oneOf(DOOR_KINDS, '"gate" (perimeter) or "building" door.')),
  buildingId: Type.Optional(nullable(identifier('The building of a building door; null for a gate.'))),
  lane: Type.Optional(nullable(oneOf(DOOR_LANES, 'Lane of a split entrance (story 4).'))),
  failMode: Type.Optional(oneOf(FAIL_MODES, 'Lock state without power (default fail-secure).')),
  antiPassback: Type.Optional(oneOf(ANTI_PASSBACK_MODES, 'off (default), soft or hard.')),
  antiPassbackGroupId: Type.Optional(identifier('Doors sharing in/out state (default: "compound" for gates, the building for its doors).')),
  antiPassbackResetMs: Type.Optional(nullable(durationMs('Forget the direction after this long; null: never.'))),
  isTemperatureRequired: Type.Optional(Type.Boolean({ description: 'Entering needs a temperature measurement.' })),
  temperatureEnforcement: Type.Optional(oneOf(TEMPERATURE_ENFORCEMENTS, 'hard (default) or soft.')),
  maxPolicyAgeMs: Type.Optional(nullable(durationMs('Offline: refuse everyone once the policy is this old; null: never.'))),
}
const DoorBody = Type.Object(
  { id: Type.Optional(identifier('Door id as in the edge config; generated when absent.')), ...doorSettingFields },
  { additionalProperties: false },
)
const DoorPatch = Type.Object(doorSettingFields, { additionalProperties: false, minProperties: 1 })
const DoorListQuery = Type.Object(
  {
    edgeId: Type.Optional(identifier('Doors of this edge.')),
    buildingId: Type.Optional(identifier('Doors of this building.')),
    kind: Type.Optional(oneOf(DOOR_KINDS, 'Only gates or only building doors.')),
    lane: Type.Optional(oneOf(DOOR_LANES, 'Only this lane.')),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const EdgeParams = idParams('edgeId')
const DoorParams = idParams('doorId')

/**
 * Edges and their doors (admin console: "Doors, lanes"). The admin creates and changes them;
 * grid managers read them all, gate staff their own checkpoint's.
 */
export function edgeRoutes(deps: AccessRouteDeps): HubRoutes {
  const { edges, doors } = deps.repositories
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof EdgeBody> }>(
      '/api/edges',
      { schema: { tags: TAGS, summary: 'Create an edge (a Pi at a gate or building door)', body: EdgeBody, response: { 201: EdgeViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const edge = commitAccessChange(deps, caller, (context) => edges.create(request.body, context), (value) => `edge.created ${value.id}`)
        return reply.status(201).send(edge)
      },
    )

    app.get<{ Querystring: Static<typeof EdgeListQuery> }>(
      '/api/edges',
      { schema: { tags: TAGS, summary: 'List edges with their doors', querystring: EdgeListQuery, response: { 200: pageResponse(EdgeViewSchema, 'One page of edges.') } } },
      async (request) => {
        const caller = requireCaller(request, STAFF_READERS)
        const page = pageOf(request.query)
        const onlyEdgeId = caller.role === 'gate-staff' ? (caller.checkpointEdgeId ?? '') : undefined
        return { ...edges.list({ onlyEdgeId, nameContains: request.query.name }, page), ...page }
      },
    )

    app.get<{ Params: Static<typeof EdgeParams> }>(
      '/api/edges/:edgeId',
      { schema: { tags: TAGS, summary: 'One edge with its doors', params: EdgeParams, response: { 200: EdgeViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, STAFF_READERS)
        if (!mayReadEdge(caller, request.params.edgeId)) throw outOfScope(`edge ${request.params.edgeId}`)
        const edge = edges.get(request.params.edgeId)
        if (edge === null) throw notFoundError(`edge ${request.params.edgeId}`)
        return edge
      },
    )

    app.patch<{ Params: Static<typeof EdgeParams>; Body: Static<typeof EdgePatch> }>(
      '/api/edges/:edgeId',
      { schema: { tags: TAGS, summary: 'Rename an edge', params: EdgeParams, body: EdgePatch, response: { 200: EdgeViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        return commitAccessChange(deps, caller, (context) => edges.rename(request.params.edgeId, request.body.name, context), (value) => `edge.renamed ${value.id}`)
      },
    )

    app.post<{ Params: Static<typeof EdgeParams>; Body: Static<typeof DoorBody> }>(
      '/api/edges/:edgeId/doors',
      { schema: { tags: TAGS, summary: 'Add a door or lane to an edge', params: EdgeParams, body: DoorBody, response: { 201: DoorViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const door = commitAccessChange(deps, caller, (context) => doors.create(request.params.edgeId, request.body, context), (value) => `door.created ${value.id}`)
        return reply.status(201).send(door)
      },
    )

    app.get<{ Querystring: Static<typeof DoorListQuery> }>(
      '/api/doors',
      { schema: { tags: TAGS, summary: 'List doors and lanes', querystring: DoorListQuery, response: { 200: pageResponse(DoorViewSchema, 'One page of doors.') } } },
      async (request) => {
        const caller = requireCaller(request, STAFF_READERS)
        const { limit, offset, ...filter } = request.query
        const page = pageOf({ limit, offset })
        if (caller.role === 'gate-staff') {
          if (filter.edgeId !== undefined && filter.edgeId !== caller.checkpointEdgeId) throw outOfScope(`edge ${filter.edgeId}`)
          filter.edgeId = caller.checkpointEdgeId ?? ''
        }
        return { ...doors.list(filter, page), ...page }
      },
    )

    app.get<{ Params: Static<typeof DoorParams> }>(
      '/api/doors/:doorId',
      { schema: { tags: TAGS, summary: 'One door', params: DoorParams, response: { 200: DoorViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, STAFF_READERS)
        const door = doors.get(request.params.doorId)
        if (door === null) throw notFoundError(`door ${request.params.doorId}`)
        if (!mayReadEdge(caller, door.edgeId)) throw outOfScope(`door ${door.id}`)
        return door
      },
    )

    app.patch<{ Params: Static<typeof DoorParams>; Body: Static<typeof DoorPatch> }>(
      '/api/doors/:doorId',
      { schema: { tags: TAGS, summary: 'Change a door: lane, fail mode, anti-passback, temperature, offline limit', params: DoorParams, body: DoorPatch, response: { 200: DoorViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        return commitAccessChange(deps, caller, (context) => doors.update(request.params.doorId, request.body, context), (value) => `door.changed ${value.id}`)
      },
    )

    app.delete<{ Params: Static<typeof DoorParams> }>(
      '/api/doors/:doorId',
      { schema: { tags: TAGS, summary: 'Remove a door no access rule names', params: DoorParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitAccessChange(deps, caller, (context) => doors.delete(request.params.doorId, context), (value) => `door.removed ${value.id}`)
        return { ok: true as const }
      },
    )
  }
}
