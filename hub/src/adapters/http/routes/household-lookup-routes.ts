import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { mayManageGrid } from '../../../domain/people/people-scope.js'
import type { HouseholdRepository } from '../../sqlite/people/household-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { missing } from '../people/people-errors.js'
import { requireCaller } from '../require-caller.js'

export interface HouseholdLookupRoutesDeps {
  readonly households: HouseholdRepository
}

const ByRoomQuery = Type.Object(
  {
    unitId: identifier('The unit.'),
    room: Type.String({ minLength: 1, maxLength: 32, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'The room exactly, e.g. "502".' }),
  },
  { additionalProperties: false },
)

const HouseholdAtRoom = Type.Object(
  { householdId: Type.String(), buildingName: Type.String(), unitName: Type.String(), room: Type.String() },
  { additionalProperties: false, description: 'The household in that room: its id and address, nobody’s personal data.' },
)

/**
 * GET /api/households/by-room: which household lives in a room, so the returnee lane can register
 * someone new moving in with them (POST /api/returnees names the household). Gate staff may not
 * list households or see where people live; this answers one address they were told, with the
 * household's id and nothing about its members. A grid manager finds their own grid's only.
 */
export function householdLookupRoutes(deps: HouseholdLookupRoutesDeps): HubRoutes {
  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof ByRoomQuery> }>(
      '/api/households/by-room',
      {
        schema: {
          tags: ['places'],
          summary: 'The household in a room of a unit (for registering a newcomer at the returnee lane)',
          querystring: ByRoomQuery,
          response: { 200: HouseholdAtRoom },
        },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff'])
        const room = request.query.room.trim()
        const householdId = deps.households.idByRoom(request.query.unitId, room)
        const household = householdId === null ? null : deps.households.get(householdId)
        const isVisible = household !== null && (caller.role === 'gate-staff' || mayManageGrid(caller, household.gridId))
        if (!isVisible) throw missing('HOUSEHOLD_NOT_FOUND', `no household in room ${room} of unit ${request.query.unitId}`)
        return { householdId: household.id, buildingName: household.buildingName, unitName: household.unitName, room: household.room }
      },
    )
  }
}
