import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { LOCAL_DATE_PATTERN } from '../../../../../protocol/policy/policy-field-schemas.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { HolidayViewSchema, ScheduleViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { OkResponse, PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'

const TAGS = ['schedules and holidays']
const READERS = ['admin', 'grid-manager', 'gate-staff'] as const

/** Free text up to 64 characters: the grammar is checked by the edge's own parser, with its messages. */
const windows = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 64, description: 'e.g. "mon-fri 07:00-22:00", "fri,sat 22:00-02:00", "daily 00:00-24:00".' }), { maxItems: 32, description })

const ScheduleBody = Type.Object(
  {
    name: printableText(64, 'e.g. "Cleaners, weekdays".'),
    windows: windows('Open windows on ordinary days (site local time).'),
    holidayWindows: Type.Optional(windows('Open windows on holidays instead; empty: closed on holidays.')),
  },
  { additionalProperties: false },
)
const SchedulePatch = Type.Object(
  { name: Type.Optional(printableText(64, 'New name.')), windows: Type.Optional(windows('New windows.')), holidayWindows: Type.Optional(windows('New holiday windows.')) },
  { additionalProperties: false, minProperties: 1 },
)
const localDate = (description: string) => Type.String({ pattern: LOCAL_DATE_PATTERN, description })
const HolidayQuery = Type.Object(
  { from: Type.Optional(localDate('From this date (YYYY-MM-DD).')), to: Type.Optional(localDate('Up to this date.')), ...PageQueryFields },
  { additionalProperties: false },
)
const ScheduleListQuery = Type.Object(PageQueryFields, { additionalProperties: false })
const HolidayParams = Type.Object({ localDate: localDate('The holiday, YYYY-MM-DD.') })
const HolidayBody = Type.Object({ name: printableText(64, 'e.g. "国庆节".') }, { additionalProperties: false })
const ScheduleParams = idParams('scheduleId')

/** Weekly schedules for access rules, and the community's holiday calendar. Admin changes. */
export function scheduleRoutes(deps: AccessRouteDeps): HubRoutes {
  const { schedules } = deps.repositories
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof ScheduleBody> }>(
      '/api/schedules',
      { schema: { tags: TAGS, summary: 'Create a schedule (windows in the edge grammar)', body: ScheduleBody, response: { 201: ScheduleViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const input = { ...request.body, holidayWindows: request.body.holidayWindows ?? [] }
        const schedule = commitAccessChange(deps, caller, (context) => schedules.create(input, context), (value) => `schedule.created ${value.id}`)
        return reply.status(201).send(schedule)
      },
    )

    app.get<{ Querystring: Static<typeof ScheduleListQuery> }>(
      '/api/schedules',
      { schema: { tags: TAGS, summary: 'List schedules', querystring: ScheduleListQuery, response: { 200: pageResponse(ScheduleViewSchema, 'One page of schedules.') } } },
      async (request) => {
        requireCaller(request, READERS)
        const page = pageOf(request.query)
        return { ...schedules.list(page), ...page }
      },
    )

    app.get<{ Params: Static<typeof ScheduleParams> }>(
      '/api/schedules/:scheduleId',
      { schema: { tags: TAGS, summary: 'One schedule', params: ScheduleParams, response: { 200: ScheduleViewSchema } } },
      async (request) => {
        requireCaller(request, READERS)
        const schedule = schedules.get(request.params.scheduleId)
        if (schedule === null) throw notFoundError(`schedule ${request.params.scheduleId}`)
        return schedule
      },
    )

    app.patch<{ Params: Static<typeof ScheduleParams>; Body: Static<typeof SchedulePatch> }>(
      '/api/schedules/:scheduleId',
      { schema: { tags: TAGS, summary: 'Change a schedule', params: ScheduleParams, body: SchedulePatch, response: { 200: ScheduleViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        return commitAccessChange(deps, caller, (context) => schedules.update(request.params.scheduleId, request.body, context), (value) => `schedule.changed ${value.id}`)
      },
    )

    app.delete<{ Params: Static<typeof ScheduleParams> }>(
      '/api/schedules/:scheduleId',
      { schema: { tags: TAGS, summary: 'Remove a schedule no rule applies on', params: ScheduleParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitAccessChange(deps, caller, (context) => schedules.delete(request.params.scheduleId, context), (value) => `schedule.removed ${value.id}`)
        return { ok: true as const }
      },
    )

    app.get<{ Querystring: Static<typeof HolidayQuery> }>(
      '/api/holidays',
      { schema: { tags: TAGS, summary: 'The holiday calendar, by date range', querystring: HolidayQuery, response: { 200: pageResponse(HolidayViewSchema, 'One page of holidays.') } } },
      async (request) => {
        requireCaller(request, READERS)
        const { from, to, ...pageQuery } = request.query
        const page = pageOf(pageQuery)
        return { ...schedules.listHolidays({ from, to }, page), ...page }
      },
    )

    app.put<{ Params: Static<typeof HolidayParams>; Body: Static<typeof HolidayBody> }>(
      '/api/holidays/:localDate',
      { schema: { tags: TAGS, summary: 'Add a holiday, or rename the one on that date', params: HolidayParams, body: HolidayBody, response: { 200: HolidayViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const holiday = { localDate: request.params.localDate, name: request.body.name }
        return commitAccessChange(deps, caller, (context) => schedules.putHoliday(holiday, context), (value) => `holiday.set ${value.localDate}`)
      },
    )

    app.delete<{ Params: Static<typeof HolidayParams> }>(
      '/api/holidays/:localDate',
      { schema: { tags: TAGS, summary: 'Remove a holiday', params: HolidayParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        commitAccessChange(deps, caller, (context) => schedules.deleteHoliday(request.params.localDate, context), (value) => `holiday.removed ${value.localDate}`)
        return { ok: true as const }
      },
    )
  }
}
