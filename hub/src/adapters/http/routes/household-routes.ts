import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Caller } from '../../../domain/caller.js'
import { maskPersonalData } from '../../../domain/people/mask-personal-data.js'
import { newId } from '../../../domain/new-id.js'
import { gridScopeOf, mayManageGrid } from '../../../domain/people/people-scope.js'
import type { HouseholdRecord } from '../../sqlite/people/household-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { clash, missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { idField, idParams, nullableId, OkResponse, PageQueryFields, pageOf, pageResponse, searchText } from '../people/people-schemas.js'
import { PersonViewSchema, viewerOf } from '../people/person-view-schema.js'
import { requireCaller } from '../require-caller.js'

const HouseholdSchema = Type.Object(
  {
    id: Type.String(),
    unitId: Type.String(),
    unitName: Type.String(),
    buildingId: Type.String(),
    buildingName: Type.String(),
    room: Type.String(),
    gridId: Type.Union([Type.String(), Type.Null()]),
    memberCount: Type.Integer(),
    createdAtMs: Type.Integer(),
  },
  { additionalProperties: false },
)
const HouseholdQuery = Type.Object(
  {
    gridId: Type.Optional(Type.String({ maxLength: 63 })),
    buildingId: Type.Optional(Type.String({ maxLength: 63 })),
    unitId: Type.Optional(Type.String({ maxLength: 63 })),
    room: Type.Optional(searchText('Room containing this text.')),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const roomField = () => Type.String({ minLength: 1, maxLength: 16, pattern: '^[0-9A-Za-z-]+$', description: 'Room, e.g. "302" or "B-1201".' })
const NewHouseholdBody = Type.Object(
  { unitId: idField('The unit.'), room: roomField(), gridId: Type.Optional(nullableId("The household's own grid; default its building's.")) },
  { additionalProperties: false },
)
const EditHouseholdBody = Type.Object(
  { room: Type.Optional(roomField()), gridId: Type.Optional(nullableId('Own grid; null to follow the building.')) },
  { additionalProperties: false, minProperties: 1 },
)
const HouseholdParams = idParams('householdId')

/**
 * Households (户): listed by the admin and grid managers (their grid), read with their members by
 * those and by the household's own residents; created, changed and deleted by the admin and the
 * grid manager of the grid.
 */
export function householdRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { households, buildings, grids, persons } = deps.repositories
  const existing = (householdId: string): HouseholdRecord => {
    const household = households.get(householdId)
    if (household === null) throw missing('HOUSEHOLD_NOT_FOUND', `no household ${householdId}`)
    return household
  }
  const managed = (caller: Caller, householdId: string): HouseholdRecord => {
    const household = existing(householdId)
    if (!mayManageGrid(caller, household.gridId)) throw outOfScope('this household is outside your grid')
    return household
  }
  const requireOwnGrid = (caller: Caller, gridId: string | null | undefined) => {
    if (typeof gridId !== 'string') return
    if (grids.get(gridId) === null) throw missing('GRID_NOT_FOUND', `no grid ${gridId}`)
    if (!mayManageGrid(caller, gridId)) throw outOfScope('that grid is not yours')
  }

  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof HouseholdQuery> }>(
      '/api/households',
      { schema: { tags: ['places'], summary: 'List households by grid, building, unit and room', querystring: HouseholdQuery, response: { 200: pageResponse(HouseholdSchema, 'One page of households.') } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const scope = gridScopeOf(caller)
        if (scope !== null && request.query.gridId !== undefined && request.query.gridId !== scope) throw outOfScope('a grid manager sees their own grid only')
        const page = pageOf(request.query)
        const found = households.list({ ...request.query, gridId: scope ?? request.query.gridId }, page)
        return { ...found, ...page }
      },
    )

    app.get<{ Params: Static<typeof HouseholdParams> }>(
      '/api/households/:householdId',
      {
        schema: {
          tags: ['places'],
          summary: 'A household and its members (masked by role)',
          params: HouseholdParams,
          response: { 200: Type.Composite([HouseholdSchema, Type.Object({ members: Type.Array(PersonViewSchema) })]) },
        },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        const household = existing(request.params.householdId)
        const viewer = viewerOf(caller, persons)
        const isOwn = caller.role === 'resident' && viewer.householdId === household.id
        if (!isOwn && !mayManageGrid(caller, household.gridId)) throw outOfScope('this household is outside your scope')
        const members = persons.search({ householdId: household.id }, { limit: 200, offset: 0 }).items
        return { ...household, members: members.map((member) => maskPersonalData(viewer, member)).filter((view) => view !== null) }
      },
    )

    app.post<{ Body: Static<typeof NewHouseholdBody> }>(
      '/api/households',
      { schema: { tags: ['places'], summary: 'Create a household in a unit', body: NewHouseholdBody, response: { 201: HouseholdSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const household = commitPeopleChange(deps, caller, (change) => {
          const unit = buildings.unit(request.body.unitId)
          if (unit === null) throw missing('UNIT_NOT_FOUND', `no unit ${request.body.unitId}`)
          const gridId = request.body.gridId === undefined ? unit.gridId : request.body.gridId
          if (!mayManageGrid(caller, unit.gridId)) throw outOfScope('that unit is outside your grid')
          requireOwnGrid(caller, request.body.gridId)
          if (households.idByRoom(unit.id, request.body.room) !== null) throw clash('DUPLICATE_HOUSEHOLD', `room ${request.body.room} already exists in this unit`)
          const id = newId('hh')
          households.insert({ id, unitId: unit.id, room: request.body.room, gridId }, change.nowMs)
          change.audit('household.created', { kind: 'household', id }, { unitId: unit.id, room: request.body.room, gridId })
          return households.get(id)!
        })
        return reply.status(201).send(household)
      },
    )

    app.patch<{ Params: Static<typeof HouseholdParams>; Body: Static<typeof EditHouseholdBody> }>(
      '/api/households/:householdId',
      { schema: { tags: ['places'], summary: "Change a household's room or grid", params: HouseholdParams, body: EditHouseholdBody, response: { 200: HouseholdSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        return commitPeopleChange(deps, caller, (change) => {
          const household = managed(caller, request.params.householdId)
          const { room, gridId } = request.body
          if (room !== undefined && (households.idByRoom(household.unitId, room) ?? household.id) !== household.id) {
            throw clash('DUPLICATE_HOUSEHOLD', `room ${room} already exists in this unit`)
          }
          requireOwnGrid(caller, gridId)
          households.update(household.id, { room, gridId })
          const updated = households.get(household.id)!
          if (updated.gridId !== household.gridId) change.affectsAccess('household moved to another grid')
          change.audit('household.edited', { kind: 'household', id: household.id }, { ...request.body })
          return updated
        })
      },
    )

    app.delete<{ Params: Static<typeof HouseholdParams> }>(
      '/api/households/:householdId',
      { schema: { tags: ['places'], summary: 'Delete a household nobody refers to', params: HouseholdParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        commitPeopleChange(deps, caller, (change) => {
          const household = managed(caller, request.params.householdId)
          if (households.isReferenced(household.id)) throw clash('HOUSEHOLD_NOT_EMPTY', 'people, declarations, rules or orders still refer to this household')
          households.delete(household.id)
          change.audit('household.deleted', { kind: 'household', id: household.id }, { unitId: household.unitId, room: household.room })
        })
        return { ok: true as const }
      },
    )
  }
}
