import { Type, type Static } from '@sinclair/typebox'
import { LOCAL_DATE_PATTERN } from '../../../../../protocol/policy/policy-field-schemas.js'
import { EDGE_ID_PATTERN } from '../../../../../protocol/mqtt/topics.js'
import type { Caller } from '../../../domain/caller.js'
import { dailyReportCsv, gatesOfDoors, type DailyReport, type GridDayReport } from '../../../domain/ledger/daily-report.js'
import { LEDGER_ROLES, ledgerEdgeScopeOf } from '../../../domain/ledger/ledger-event-view.js'
import { datesEndingOn, dayWindowOf, localDateAt, type DayWindow } from '../../../domain/ledger/report-days.js'
import { gridScopeOf } from '../../../domain/people/people-scope.js'
import type { Clock } from '../../../ports/clock.js'
import type { GridDayCounts, NamedRow, ReportQueries } from '../../../ports/report-queries.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { requireCaller } from '../require-caller.js'

export interface ReportSiteSettings {
  readonly utcOffsetMinutes: number
  readonly feverThresholdCelsius: number
}

export interface ReportRoutesDeps {
  readonly queries: ReportQueries
  /** The site's UTC offset and fever threshold; null before the site is set up (m002's defaults apply). */
  readonly site: () => ReportSiteSettings | null
  readonly clock: Clock
}

/** m002's defaults: China Standard Time, 37.3 °C. */
const DEFAULT_SITE: ReportSiteSettings = { utcOffsetMinutes: 480, feverThresholdCelsius: 37.3 }

const TAGS = ['reports']
const MAX_DAYS = 92
const LocalDate = (description: string) => Type.String({ pattern: LOCAL_DATE_PATTERN, minLength: 10, maxLength: 10, description })
const EdgeId = Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63 })
const Count = Type.Integer({ minimum: 0 })
const DayCountFields = { passes: Count, denials: Count, fevers: Count }
const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()])

const HourlyQuery = Type.Object({ date: Type.Optional(LocalDate('site-local day; today by default')), edgeId: Type.Optional(EdgeId) }, { additionalProperties: false })
const HourlyReport = Type.Object({
  date: Type.String(),
  edges: Type.Array(Type.Object({ edgeId: Type.String(), name: Type.String(), hours: Type.Array(Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), ...DayCountFields })) })),
})

const DaysQuery = Type.Object(
  {
    to: Type.Optional(LocalDate('the last day (site-local); today by default')),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS, default: 14, description: 'how many days, ending with `to`' })),
    edgeId: Type.Optional(EdgeId),
  },
  { additionalProperties: false },
)
const DaysReport = Type.Object({ from: Type.String(), to: Type.String(), days: Type.Array(Type.Object({ date: Type.String(), ...DayCountFields })) })

const DailyQuery = Type.Object(
  { date: Type.Optional(LocalDate('site-local day; today by default')), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })) },
  { additionalProperties: false },
)
const DailyReportSchema = Type.Object({
  date: Type.String(),
  feverThresholdCelsius: Type.Number(),
  gates: Type.Array(
    Type.Object({
      edgeId: Type.String(),
      name: Type.String(),
      ...DayCountFields,
      doors: Type.Array(Type.Object({ doorId: Type.String(), name: Type.String(), lane: Nullable(Type.String()), ...DayCountFields })),
    }),
  ),
  grids: Type.Array(
    Type.Object({
      gridId: Nullable(Type.String({ description: 'null: people of no grid (staff, visitors) and unknown credentials' })),
      name: Nullable(Type.String()),
      ...DayCountFields,
      feverReports: Type.Integer({ description: 'phone and contact-thermometer readings at or above the fever threshold' }),
      returnees: Type.Integer({ description: 'returnees registered that day' }),
      underObservation: Type.Integer({ description: 'people under home observation at any time that day' }),
    }),
  ),
})

/** A gate staff member's own checkpoint; 403 when they ask for another. */
function edgeScope(caller: Caller, requested: string | undefined): string | null {
  const scope = ledgerEdgeScopeOf(caller)
  if (scope === null) return requested ?? null
  if (requested !== undefined && requested !== scope) throw new HubHttpError(403, 'NOT_YOUR_CHECKPOINT', 'gate staff see their own checkpoint only')
  return scope
}

/**
 * Figures for the charts and the street office's daily report, computed in SQL over the ledger
 * (site-local days): entries per hour per gate, passes, denials and fevers per day, and the daily
 * report per gate and per grid. Scoped like the ledger: gate staff their checkpoint; a grid
 * manager sees every gate's totals (as the event list shows every door) but only their own
 * grid's people figures.
 */
export function reportRoutes(deps: ReportRoutesDeps): HubRoutes {
  const { queries } = deps
  const site = () => deps.site() ?? DEFAULT_SITE
  const dayOf = (date: string | undefined): DayWindow => {
    const { utcOffsetMinutes } = site()
    const window = dayWindowOf(date ?? localDateAt(deps.clock.now(), utcOffsetMinutes), utcOffsetMinutes)
    if (window === null) throw new HubHttpError(400, 'INVALID_REQUEST', `${date} is not a calendar date`, ['/date is not a calendar date'])
    return window
  }
  return (app) => {
    app.get<{ Querystring: Static<typeof HourlyQuery> }>(
      '/api/reports/hourly',
      { schema: { tags: TAGS, summary: 'Passes, denials and fevers per hour per gate for one day (today by default)', querystring: HourlyQuery, response: { 200: HourlyReport } } },
      async (request) => {
        const caller = requireCaller(request, LEDGER_ROLES)
        const edgeId = edgeScope(caller, request.query.edgeId)
        const day = dayOf(request.query.date)
        const counts = queries.hourlyCounts(day, site().utcOffsetMinutes, edgeId)
        const edges = queries.edges(edgeId).map((edge) => ({
          edgeId: edge.id,
          name: edge.name,
          hours: Array.from({ length: 24 }, (_, hour) => {
            const found = counts.find((count) => count.edgeId === edge.id && count.hour === hour)
            return { hour, passes: found?.passes ?? 0, denials: found?.denials ?? 0, fevers: found?.fevers ?? 0 }
          }),
        }))
        return { date: day.localDate, edges }
      },
    )

    app.get<{ Querystring: Static<typeof DaysQuery> }>(
      '/api/reports/days',
      { schema: { tags: TAGS, summary: 'Passes, denials and fevers per day (the last 14 days by default)', querystring: DaysQuery, response: { 200: DaysReport } } },
      async (request) => {
        const caller = requireCaller(request, LEDGER_ROLES)
        const edgeId = edgeScope(caller, request.query.edgeId)
        const to = dayOf(request.query.to).localDate
        const dates = datesEndingOn(to, request.query.days ?? 14)
        const from = dates[0] ?? to
        const totals = new Map(queries.dailyTotals(from, to, edgeId).map((row) => [row.localDate, row]))
        const days = dates.map((date) => ({ date, passes: totals.get(date)?.passes ?? 0, denials: totals.get(date)?.denials ?? 0, fevers: totals.get(date)?.fevers ?? 0 }))
        return { from, to, days }
      },
    )

    app.get<{ Querystring: Static<typeof DailyQuery> }>(
      '/api/reports/daily',
      {
        schema: {
          tags: TAGS,
          summary: "The daily report for the street office: per gate and per grid, entries, denials, fevers, returnees, people under observation (?format=csv); a grid manager's grids are their own",
          querystring: DailyQuery,
          response: { 200: DailyReportSchema },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const day = dayOf(request.query.date)
        const { feverThresholdCelsius } = site()
        const report: DailyReport = {
          date: day.localDate,
          feverThresholdCelsius,
          gates: gatesOfDoors(queries.doorDayRows(day.localDate)),
          grids: gridReports(queries.grids(), queries.gridDayCounts(day, feverThresholdCelsius), gridScopeOf(caller)),
        }
        if (request.query.format !== 'csv') return report
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="daily-report-${day.localDate}.csv"`).send(dailyReportCsv(report))
      },
    )
  }
}

/** Every grid (zeros included) in the caller's scope; the admin also gets people of no grid when there are any. */
function gridReports(grids: readonly NamedRow[], counts: readonly GridDayCounts[], scope: string | null): GridDayReport[] {
  const zero = { passes: 0, denials: 0, fevers: 0, feverReports: 0, returnees: 0, underObservation: 0 }
  const byGrid = new Map(counts.map((count) => [count.gridId, count]))
  const named = grids
    .filter((grid) => scope === null || grid.id === scope)
    .map((grid) => ({ ...zero, ...byGrid.get(grid.id), gridId: grid.id, name: grid.name }))
  const none = byGrid.get(null)
  return scope === null && none !== undefined ? [...named, { ...zero, ...none, gridId: null, name: null }] : named
}
