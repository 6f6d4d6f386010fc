import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Caller } from '../../../domain/caller.js'
import { newId } from '../../../domain/new-id.js'
import { gridScopeOf, mayManageGrid } from '../../../domain/people/people-scope.js'
import type { BuildingRecord } from '../../sqlite/people/building-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { clash, missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { displayNameField, idParams, nullableId, OkResponse } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'

const BuildingSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    gridId: Type.Union([Type.String(), Type.Null()]),
    unitCount: Type.Integer(),
    householdCount: Type.Integer(),
    residentCount: Type.Integer(),
    createdAtMs: Type.Integer(),
  },
  { additionalProperties: false },
)
const UnitSchema = Type.Object(
  { id: Type.String(), buildingId: Type.String(), name: Type.String(), gridId: Type.Union([Type.String(), Type.Null()]), householdCount: Type.Integer(), createdAtMs: Type.Integer() },
  { additionalProperties: false },
)
const BuildingQuery = Type.Object({ gridId: Type.Optional(Type.String({ maxLength: 63 })) }, { additionalProperties: false })
const NewBuildingBody = Type.Object(
  { name: displayNameField('Building name, e.g. "3号楼".'), gridId: Type.Optional(nullableId('Grid the building belongs to.')) },
  { additionalProperties: false },
)
const EditBuildingBody = Type.Partial(NewBuildingBody, { additionalProperties: false, minProperties: 1 })
const UnitBody = Type.Object({ name: displayNameField('Unit name, e.g. "2单元".') }, { additionalProperties: false })
const BuildingParams = idParams('buildingId')
const UnitParams = idParams('unitId')

/**
 * Buildings (楼栋) and units (单元): the admin creates, renames, moves between grids and deletes
 * them; grid managers and gate staff read them (a grid manager their own grid's).
 */
export function buildingRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { buildings, grids } = deps.repositories
  const readableBuilding = (caller: Caller, buildingId: string): BuildingRecord => {
    const building = buildings.get(buildingId)
    if (building === null) throw missing('BUILDING_NOT_FOUND', `no building ${buildingId}`)
    if (caller.role === 'grid-manager' && !mayManageGrid(caller, building.gridId)) throw outOfScope('this building is outside your grid')
    return building
  }
  const requireGrid = (gridId: string | null | undefined) => {
    if (typeof gridId === 'string' && grids.get(gridId) === null) throw missing('GRID_NOT_FOUND', `no grid ${gridId}`)
  }

  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof BuildingQuery> }>(
      '/api/buildings',
      { schema: { tags: ['places'], summary: 'Buildings with their counts', querystring: BuildingQuery, response: { 200: Type.Object({ items: Type.Array(BuildingSchema) }) } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff'])
        const scope = gridScopeOf(caller)
        if (scope !== null && request.query.gridId !== undefined && request.query.gridId !== scope) throw outOfScope('a grid manager sees their own grid only')
        return { items: buildings.list(scope ?? request.query.gridId ?? null) }
      },
    )

    app.get<{ Params: Static<typeof BuildingParams> }>(
      '/api/buildings/:buildingId',
      { schema: { tags: ['places'], summary: 'One building and its units', params: BuildingParams, response: { 200: Type.Composite([BuildingSchema, Type.Object({ units: Type.Array(UnitSchema) })]) } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff'])
        const building = readableBuilding(caller, request.params.buildingId)
        return { ...building, units: buildings.units(building.id) }
      },
    )

    app.post<{ Body: Static<typeof NewBuildingBody> }>(
      '/api/buildings',
      { schema: { tags: ['places'], summary: 'Create a building (admin)', body: NewBuildingBody, response: { 201: BuildingSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const building = commitPeopleChange(deps, caller, (change) => {
          if (buildings.idByName(request.body.name) !== null) throw clash('DUPLICATE_BUILDING', `a building named ${request.body.name} exists`)
          requireGrid(request.body.gridId)
          const id = newId('bld')
          buildings.insert({ id, name: request.body.name, gridId: request.body.gridId ?? null }, change.nowMs)
          change.audit('building.created', { kind: 'building', id }, { ...request.body })
          return buildings.get(id)!
        })
        return reply.status(201).send(building)
      },
    )

    app.patch<{ Params: Static<typeof BuildingParams>; Body: Static<typeof EditBuildingBody> }>(
      '/api/buildings/:buildingId',
      { schema: { tags: ['places'], summary: 'Rename a building or move it to another grid (admin)', params: BuildingParams, body: EditBuildingBody, response: { 200: BuildingSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        return commitPeopleChange(deps, caller, (change) => {
          const building = readableBuilding(caller, request.params.buildingId)
          const { name, gridId } = request.body
          if (name !== undefined && (buildings.idByName(name) ?? building.id) !== building.id) throw clash('DUPLICATE_BUILDING', `a building named ${name} exists`)
          requireGrid(gridId)
          if (name !== undefined) buildings.rename(building.id, name)
          let movedHouseholds = 0
          if (gridId !== undefined && gridId !== building.gridId) {
            movedHouseholds = buildings.moveToGrid(building.id, gridId)
            change.affectsAccess('building moved to another grid')
          }
          change.audit('building.edited', { kind: 'building', id: building.id }, { ...request.body, movedHouseholds })
          return buildings.get(building.id)!
        })
      },
    )

    app.delete<{ Params: Static<typeof BuildingParams> }>(
      '/api/buildings/:buildingId',
      { schema: { tags: ['places'], summary: 'Delete an empty building without doors (admin)', params: BuildingParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitPeopleChange(deps, caller, (change) => {
          const building = readableBuilding(caller, request.params.buildingId)
          const blocker = buildings.blockerOfDelete(building.id)
          if (blocker === 'units') throw clash('BUILDING_NOT_EMPTY', 'the building still has units')
          if (blocker === 'doors') throw clash('BUILDING_HAS_DOORS', 'doors, lockdowns or visitor passes still refer to the building')
          buildings.delete(building.id)
          change.audit('building.deleted', { kind: 'building', id: building.id }, { name: building.name })
        })
        return { ok: true as const }
      },
    )

    app.post<{ Params: Static<typeof BuildingParams>; Body: Static<typeof UnitBody> }>(
      '/api/buildings/:buildingId/units',
      { schema: { tags: ['places'], summary: 'Add a unit to a building (admin)', params: BuildingParams, body: UnitBody, response: { 201: UnitSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const unit = commitPeopleChange(deps, caller, (change) => {
          const building = readableBuilding(caller, request.params.buildingId)
          if (buildings.unitIdByName(building.id, request.body.name) !== null) throw clash('DUPLICATE_UNIT', `${building.name} already has ${request.body.name}`)
          const id = newId('unit')
          buildings.insertUnit({ id, buildingId: building.id, name: request.body.name }, change.nowMs)
          change.audit('unit.created', { kind: 'unit', id }, { buildingId: building.id, name: request.body.name })
          return buildings.unit(id)!
        })
        return reply.status(201).send(unit)
      },
    )

    app.patch<{ Params: Static<typeof UnitParams>; Body: Static<typeof UnitBody> }>(
      '/api/units/:unitId',
      { schema: { tags: ['places'], summary: 'Rename a unit (admin)', params: UnitParams, body: UnitBody, response: { 200: UnitSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        return commitPeopleChange(deps, caller, (change) => {
          const unit = buildings.unit(request.params.unitId)
          if (unit === null) throw missing('UNIT_NOT_FOUND', `no unit ${request.params.unitId}`)
          if ((buildings.unitIdByName(unit.buildingId, request.body.name) ?? unit.id) !== unit.id) throw clash('DUPLICATE_UNIT', `the building already has ${request.body.name}`)
          buildings.renameUnit(unit.id, request.body.name)
          change.audit('unit.edited', { kind: 'unit', id: unit.id }, { name: request.body.name })
          return buildings.unit(unit.id)!
        })
      },
    )

    app.delete<{ Params: Static<typeof UnitParams> }>(
      '/api/units/:unitId',
      { schema: { tags: ['places'], summary: 'Delete a unit without households (admin)', params: UnitParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitPeopleChange(deps, caller, (change) => {
          const unit = buildings.unit(request.params.unitId)
          if (unit === null) throw missing('UNIT_NOT_FOUND', `no unit ${request.params.unitId}`)
          if (buildings.unitHasHouseholds(unit.id)) throw clash('UNIT_NOT_EMPTY', 'the unit still has households')
          buildings.deleteUnit(unit.id)
          change.audit('unit.deleted', { kind: 'unit', id: unit.id }, { buildingId: unit.buildingId, name: unit.name })
        })
        return { ok: true as const }
      },
    )
  }
}
