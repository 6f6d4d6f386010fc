import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import type { Caller } from '../../../domain/caller.js'
import { newId } from '../../../domain/new-id.js'
import { gridScopeOf, mayManageGrid } from '../../../domain/people/people-scope.js'
import type { PersonRecord } from '../../../domain/people/mask-personal-data.js'
import { TEMPERATURE_SOURCES, type TemperatureReportFilter, type TemperatureSource } from '../../sqlite/people/temperature-report-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { epochMsQuery, idField, nullableString, PageQueryFields, pageOf, pageResponse } from '../people/people-schemas.js'
import { viewerOf } from '../people/person-view-schema.js'
import { requireCaller } from '../require-caller.js'
import { existingPerson } from './person-routes.js'

const DEFAULT_FEVER_THRESHOLD_CELSIUS = 37.3

const ReportBody = Type.Object(
  {
    personId: Type.Optional(idField('Whose temperature; a resident’s own by default.')),
    celsius: Type.Number({ minimum: 30, maximum: 45, description: 'Body temperature, °C.' }),
    source: oneOf(TEMPERATURE_SOURCES, 'phone: self-report under home observation; contact-thermometer: staff re-measure.'),
  },
  { additionalProperties: false },
)
const ReportSchema = Type.Object(
  {
    id: Type.String(),
    personId: Type.String(),
    personName: Type.String(),
    householdId: nullableString(),
    gridId: nullableString(),
    celsius: Type.Number(),
    source: oneOf(TEMPERATURE_SOURCES, 'Where the reading came from.'),
    reportedAtMs: Type.Integer(),
    isFever: Type.Boolean({ description: 'At or above the site’s fever threshold.' }),
  },
  { additionalProperties: false },
)
const ReportQuery = Type.Object(
  {
    personId: Type.Optional(Type.String({ maxLength: 63 })),
    householdId: Type.Optional(Type.String({ maxLength: 63 })),
    gridId: Type.Optional(Type.String({ maxLength: 63 })),
    sinceMs: epochMsQuery('Reported at or after (epoch ms).'),
    untilMs: epochMsQuery('Reported before (epoch ms).'),
    feverOnly: Type.Optional(Type.Boolean({ description: 'Only readings at or above the fever threshold.' })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)

/** Which sources each role may report: residents from their phone, gate staff with a contact thermometer. */
const SOURCES_BY_ROLE: Readonly<Record<Caller['role'], readonly TemperatureSource[]>> = {
  admin: TEMPERATURE_SOURCES,
  'grid-manager': TEMPERATURE_SOURCES,
  'gate-staff': ['contact-thermometer'],
  resident: ['phone'],
  landlord: [],
}

/**
 * Temperature reports: twice-daily phone reports of people under home observation (the resident
 * for their household), and contact-thermometer re-measures by gate staff. Read by the admin,
 * the grid manager of the person, and the household itself. Temperatures are personal health
 * data: purged after the site's retention (TemperaturePurgeService), never in the audit log.
 */
export function temperatureRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { temperatures, persons, sites } = deps.repositories
  const feverThreshold = () => sites.get()?.feverThresholdCelsius ?? DEFAULT_FEVER_THRESHOLD_CELSIUS
  const mayReport = (caller: Caller, person: PersonRecord): boolean => {
    if (caller.role === 'gate-staff') return true
    if (caller.role === 'resident') {
      const viewer = viewerOf(caller, persons)
      return person.id === caller.personId || (viewer.householdId !== null && person.householdId === viewer.householdId)
    }
    return mayManageGrid(caller, person.gridId)
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof ReportBody> }>(
      '/api/temperature-reports',
      { schema: { tags: ['temperatures'], summary: 'Report a temperature (phone self-report or contact thermometer)', body: ReportBody, response: { 201: ReportSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff', 'resident'])
        const { celsius, source } = request.body
        if (!SOURCES_BY_ROLE[caller.role].includes(source)) throw outOfScope(`a ${caller.role} reports ${SOURCES_BY_ROLE[caller.role].join(' or ')} readings`)
        const personId = request.body.personId ?? caller.personId
        if (personId === null) throw outOfScope('say whose temperature this is')
        const report = commitPeopleChange(deps, caller, (change) => {
          const person = existingPerson(deps, personId)
          if (!mayReport(caller, person)) throw outOfScope('this person is outside your scope')
          const id = newId('tmp')
          temperatures.insert({ id, personId: person.id, celsius, source, reportedAtMs: change.nowMs })
          change.audit('temperature.reported', { kind: 'person', id: person.id }, { reportId: id, source })
          return { id, personId: person.id, personName: person.displayName, householdId: person.householdId, gridId: person.gridId, celsius, source, reportedAtMs: change.nowMs }
        })
        const isFever = celsius >= feverThreshold()
        if (isFever) deps.onFeverReported?.({ reportId: report.id, personId: report.personId, celsius, source, reportedAtMs: report.reportedAtMs })
        return reply.status(201).send({ ...report, isFever })
      },
    )

    app.get<{ Querystring: Static<typeof ReportQuery> }>(
      '/api/temperature-reports',
      { schema: { tags: ['temperatures'], summary: 'Temperature reports, newest first (scoped by role)', querystring: ReportQuery, response: { 200: pageResponse(ReportSchema, 'One page of reports.') } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        const page = pageOf(request.query)
        const threshold = feverThreshold()
        const found = temperatures.list(scopedFilter(caller, viewerOf(caller, persons).householdId, request.query, threshold), page)
        return { items: found.items.map((report) => ({ ...report, isFever: report.celsius >= threshold })), total: found.total, ...page }
      },
    )
  }
}

function scopedFilter(caller: Caller, ownHouseholdId: string | null, query: Static<typeof ReportQuery>, threshold: number): TemperatureReportFilter {
  const gridScope = gridScopeOf(caller)
  if (gridScope !== null && query.gridId !== undefined && query.gridId !== gridScope) throw outOfScope('a grid manager sees their own grid only')
  const filter: TemperatureReportFilter = {
    personId: query.personId,
    householdId: query.householdId,
    gridId: gridScope ?? query.gridId,
    sinceMs: query.sinceMs,
    untilMs: query.untilMs,
    minCelsius: query.feverOnly === true ? threshold : undefined,
  }
  if (caller.role !== 'resident') return filter
  // A resident: their household's reports, or only their own when they have no household.
  return ownHouseholdId === null ? { ...filter, personId: caller.personId ?? 'nobody' } : { ...filter, householdId: ownHouseholdId }
}
