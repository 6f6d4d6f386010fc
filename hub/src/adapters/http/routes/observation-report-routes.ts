import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { gridScopeOf } from '../../../domain/people/people-scope.js'
import { daysLeft, localDayStartMs, twiceDailyStatus } from '../../../domain/people/twice-daily-report.js'
import type { HubRoutes } from '../build-hub-app.js'
import { outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { nullableString } from '../people/people-schemas.js'
import { viewerOf } from '../people/person-view-schema.js'
import { requireCaller } from '../require-caller.js'

const ObservedSchema = Type.Object(
  {
    personId: Type.String(),
    personName: Type.String(),
    householdId: nullableString(),
    gridId: nullableString(),
    buildingName: nullableString(),
    unitName: nullableString(),
    room: nullableString(),
    observationEndsAtMs: Type.Integer(),
    daysLeft: Type.Integer({ description: 'Whole days until the order lifts, a started day counting as one.' }),
    hasMorningReport: Type.Boolean(),
    hasEveningReport: Type.Boolean(),
    isOverdue: Type.Boolean({ description: 'No morning report by 12:00, or no evening report by 20:00 (local).' }),
  },
  { additionalProperties: false },
)
const StatusQuery = Type.Object(
  {
    gridId: Type.Optional(Type.String({ maxLength: 63 })),
    isOverdue: Type.Optional(Type.Boolean({ description: 'Only people whose report is overdue.' })),
  },
  { additionalProperties: false },
)
const StatusResponse = Type.Object({ dayStartMs: Type.Integer(), items: Type.Array(ObservedSchema) }, { description: 'Today’s reporting.' })

const DEFAULT_UTC_OFFSET_MINUTES = 480

/**
 * Who is under home observation now, days left, and whether today's two temperature reports are
 * in: the grid manager's follow-up list (their grid), the admin's, and a resident's own household
 * (the phone app's "days left" and reminder).
 */
export function observationReportRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { temperatures, sites, persons } = deps.repositories
  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof StatusQuery> }>(
      '/api/temperature-reports/observation-status',
      { schema: { tags: ['temperatures'], summary: 'People under home observation and their twice-daily reports today', querystring: StatusQuery, response: { 200: StatusResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        const gridScope = gridScopeOf(caller)
        if (gridScope !== null && request.query.gridId !== undefined && request.query.gridId !== gridScope) throw outOfScope('a grid manager sees their own grid only')
        const nowMs = deps.clock.now()
        const utcOffsetMinutes = sites.get()?.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES
        const dayStartMs = localDayStartMs(nowMs, utcOffsetMinutes)
        const householdId = caller.role === 'resident' ? (viewerOf(caller, persons).householdId ?? 'no-household') : undefined
        const observed = temperatures.observedPeople(nowMs, { gridId: gridScope ?? request.query.gridId, householdId })
        const times = temperatures.reportTimesSince(
          observed.map((person) => person.personId),
          dayStartMs,
        )
        const items = observed
          .map((person) => ({ ...person, daysLeft: daysLeft(nowMs, person.observationEndsAtMs), ...twiceDailyStatus(nowMs, utcOffsetMinutes, times.get(person.personId) ?? []) }))
          .map(({ dayStartMs: _day, ...item }) => item)
          .filter((item) => request.query.isOverdue === undefined || item.isOverdue === request.query.isOverdue)
        return { dayStartMs, items }
      },
    )
  }
}
