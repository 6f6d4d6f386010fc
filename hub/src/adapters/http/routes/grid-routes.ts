import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { newId } from '../../../domain/new-id.js'
import { gridScopeOf } from '../../../domain/people/people-scope.js'
import type { GridRepository } from '../../sqlite/people/grid-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { clash, invalid, missing } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { displayNameField, idParams, nullableId, nullableString, OkResponse } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'

const GridSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    managerAccountId: Type.Union([Type.String(), Type.Null()]),
    managerName: nullableString(),
    buildingCount: Type.Integer(),
    householdCount: Type.Integer(),
    createdAtMs: Type.Integer(),
  },
  { additionalProperties: false },
)
const NewGridBody = Type.Object(
  { name: displayNameField('Grid name, e.g. "第三网格".'), managerAccountId: Type.Optional(nullableId('A grid-manager account.')) },
  { additionalProperties: false },
)
const EditGridBody = Type.Partial(NewGridBody, { additionalProperties: false, minProperties: 1 })
const GridParams = idParams('gridId')

/** Grids (网格) and their managers; the admin's. A grid manager reads their own. */
export function gridRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { grids } = deps.repositories
  return (app: FastifyInstance) => {
    app.get(
      '/api/grids',
      { schema: { tags: ['places'], summary: 'Grids (a grid manager sees their own)', response: { 200: Type.Object({ items: Type.Array(GridSchema) }) } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        return { items: grids.list(gridScopeOf(caller)) }
      },
    )

    app.post<{ Body: Static<typeof NewGridBody> }>(
      '/api/grids',
      { schema: { tags: ['places'], summary: 'Create a grid (admin)', body: NewGridBody, response: { 201: GridSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const grid = commitPeopleChange(deps, caller, (change) => {
          if (grids.idByName(request.body.name) !== null) throw clash('DUPLICATE_GRID', `a grid named ${request.body.name} exists`)
          const managerAccountId = request.body.managerAccountId ?? null
          refuseNonManager(grids, managerAccountId)
          const id = newId('grid')
          grids.insert({ id, name: request.body.name, managerAccountId }, change.nowMs)
          change.audit('grid.created', { kind: 'grid', id }, { name: request.body.name, managerAccountId })
          return grids.get(id)!
        })
        return reply.status(201).send(grid)
      },
    )

    app.patch<{ Params: Static<typeof GridParams>; Body: Static<typeof EditGridBody> }>(
      '/api/grids/:gridId',
      { schema: { tags: ['places'], summary: 'Rename a grid or change its manager (admin)', params: GridParams, body: EditGridBody, response: { 200: GridSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const { gridId } = request.params
        return commitPeopleChange(deps, caller, (change) => {
          if (grids.get(gridId) === null) throw missing('GRID_NOT_FOUND', `no grid ${gridId}`)
          const { name, managerAccountId } = request.body
          if (name !== undefined && (grids.idByName(name) ?? gridId) !== gridId) throw clash('DUPLICATE_GRID', `a grid named ${name} exists`)
          if (managerAccountId !== undefined) refuseNonManager(grids, managerAccountId)
          grids.update(gridId, { name, managerAccountId })
          change.audit('grid.edited', { kind: 'grid', id: gridId }, { ...request.body })
          return grids.get(gridId)!
        })
      },
    )

    app.delete<{ Params: Static<typeof GridParams> }>(
      '/api/grids/:gridId',
      { schema: { tags: ['places'], summary: 'Delete an empty grid (admin)', params: GridParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const { gridId } = request.params
        commitPeopleChange(deps, caller, (change) => {
          if (grids.get(gridId) === null) throw missing('GRID_NOT_FOUND', `no grid ${gridId}`)
          if (grids.isInUse(gridId)) throw clash('GRID_IN_USE', 'buildings or households still belong to this grid')
          grids.delete(gridId)
          change.audit('grid.deleted', { kind: 'grid', id: gridId })
        })
        return { ok: true as const }
      },
    )
  }
}

function refuseNonManager(grids: GridRepository, accountId: string | null): void {
  if (accountId === null) return
  const role = grids.accountRole(accountId)
  if (role === null) throw missing('ACCOUNT_NOT_FOUND', `no account ${accountId}`)
  if (role !== 'grid-manager') throw invalid('NOT_A_GRID_MANAGER', 'a grid is managed by a grid-manager account')
}
