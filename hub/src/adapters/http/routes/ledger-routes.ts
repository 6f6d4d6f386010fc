import { Type, type Static } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { CODE_PATTERN, TIMESTAMP_PATTERN } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { timestampMs } from '../../../../../protocol/mqtt/timestamp-ms.js'
import { EDGE_ID_PATTERN } from '../../../../../protocol/mqtt/topics.js'
import { localDateOf, localTimeOf } from '../../../../../protocol/policy/local-time.js'
import { eventsCsv } from '../../../domain/ledger/events-csv.js'
import { LEDGER_ROLES, eventView, ledgerEdgeScopeOf, personNamesFor, personVisibilityFor } from '../../../domain/ledger/ledger-event-view.js'
import type { Caller } from '../../../domain/caller.js'
import type { Clock } from '../../../ports/clock.js'
import type { Checkpoint, LedgerQueries } from '../../../ports/ledger-queries.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { requireCaller } from '../require-caller.js'
import { LedgerEventSchema } from './ledger-schemas.js'

export interface LedgerRoutesDeps {
  readonly queries: LedgerQueries
  readonly siteUtcOffsetMinutes: () => number
  readonly clock: Clock
}

const TAGS = ['ledger']
const Id = Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63 })
const MAX_PAGE = 500
const MAX_CSV_ROWS = 50_000

const EventsQuery = Type.Object(
  {
    edgeId: Type.Optional(Id),
    doorId: Type.Optional(Id),
    outcome: Type.Optional(Type.Union([Type.Literal('granted'), Type.Literal('denied')])),
    reason: Type.Optional(Type.String({ pattern: CODE_PATTERN, maxLength: 48, description: 'a reason code, e.g. QUARANTINED' })),
    personId: Type.Optional(Id),
    temperature: Type.Optional(Type.Union([Type.Literal('measured'), Type.Literal('fever')], { description: 'only events with a temperature reading, or only fevers' })),
    from: Type.Optional(Type.String({ pattern: TIMESTAMP_PATTERN, description: 'occurredAt at or after (ISO-8601 UTC)' })),
    to: Type.Optional(Type.String({ pattern: TIMESTAMP_PATTERN, description: 'occurredAt before (ISO-8601 UTC)' })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'the nextBefore of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CSV_ROWS, description: `page size: at most ${MAX_PAGE} (JSON) or ${MAX_CSV_ROWS} (CSV)` })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  },
  { additionalProperties: false },
)

const EventsPage = Type.Object({ events: Type.Array(LedgerEventSchema), nextBefore: Type.Union([Type.Integer(), Type.Null()]) })

const DayCounts = Type.Object({ passes: Type.Integer(), denials: Type.Integer(), fevers: Type.Integer() })

const CheckpointSchema = Type.Object({
  edgeId: Type.String(),
  name: Type.String(),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('never-seen')]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  softwareVersion: Type.Union([Type.String(), Type.Null()]),
  policy: Type.Object({
    appliedVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'what the edge decides with' }),
    latestVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'the newest the hub compiled, when known' }),
    lag: Type.Union([Type.Integer(), Type.Null()], { description: 'versions behind' }),
  }),
  journalBacklog: Type.Union([Type.Integer(), Type.Null()]),
  devices: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), state: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) })),
  openAlerts: Type.Integer(),
  today: DayCounts,
  doors: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      lane: Type.Union([Type.String(), Type.Null()]),
      today: DayCounts,
      lastEvent: Type.Union([LedgerEventSchema, Type.Null()]),
    }),
  ),
})

/** A gate staff member's own checkpoint; 403 when they ask for another. */
function scopedEdge(caller: Caller, requested: string | undefined): string | undefined {
  const scope = ledgerEdgeScopeOf(caller)
  if (scope === null) return requested
  if (requested !== undefined && requested !== scope) throw new HubHttpError(403, 'NOT_YOUR_CHECKPOINT', 'gate staff see their own checkpoint only')
  return scope
}

function instant(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined
  const ms = timestampMs(text)
  if (ms === null) throw new HubHttpError(400, 'INVALID_REQUEST', `${name} is not a real instant`)
  return ms
}

/** GET /api/events (JSON pages or CSV export) and GET /api/checkpoints for admins, grid managers and gate staff; GET /api/ingest/rejections for admins. */
export function ledgerRoutes(deps: LedgerRoutesDeps): HubRoutes {
  const { queries } = deps
  return (app) => {
    app.get<{ Querystring: Static<typeof EventsQuery> }>(
      '/api/events',
      {
        schema: {
          tags: TAGS,
          summary: 'Access events, newest first, filtered; ?format=csv exports them (person and temperature per role)',
          querystring: EventsQuery,
          response: { 200: EventsPage },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, LEDGER_ROLES)
        const query = request.query
        const isCsv = query.format === 'csv'
        const isVisible = personVisibilityFor(caller, (personId) => queries.gridOfPerson(personId))
        if (query.personId !== undefined && !isVisible(query.personId)) throw new HubHttpError(403, 'PERSON_OUT_OF_SCOPE', 'this person is not in your grid')
        const limit = Math.min(query.limit ?? (isCsv ? 10_000 : 100), isCsv ? MAX_CSV_ROWS : MAX_PAGE)
        const records = queries.events({ ...eventFilter(caller, query), limit })
        const nameOf = personNamesFor((personId) => queries.personNameOf(personId))
        const events = records.map((record) => eventView(record, isVisible(record.personId), nameOf(record.personId)))
        if (isCsv) {
          const date = new Date(deps.clock.now()).toISOString().slice(0, 10)
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="events-${date}.csv"`).send(eventsCsv(events))
        }
        return { events, nextBefore: records.length === limit ? (records.at(-1)?.feedSeq ?? null) : null }
      },
    )

    app.get(
      '/api/ingest/rejections',
      {
        schema: {
          tags: TAGS,
          summary: 'Messages from edges the hub refused (malformed, wrong edge, conflicting ids), counted by edge, kind and code (admin)',
          response: {
            200: Type.Object({
              rejections: Type.Array(
                Type.Object({ edgeId: Type.String(), topicKind: Type.String(), code: Type.String(), count: Type.Integer(), firstAt: Type.String(), lastAt: Type.String(), lastReason: Type.String() }),
              ),
            }),
          },
        },
      },
      async (request: FastifyRequest) => {
        requireCaller(request, ['admin'])
        const rejections = queries.rejections().map(({ firstAtMs, lastAtMs, ...rest }) => ({ ...rest, firstAt: new Date(firstAtMs).toISOString(), lastAt: new Date(lastAtMs).toISOString() }))
        return { rejections }
      },
    )

    app.get(
      '/api/checkpoints',
      {
        schema: {
          tags: TAGS,
          summary: "Every checkpoint at a glance: online, policy version, backlog, devices, today's passes, denials and fevers, last event",
          response: { 200: Type.Object({ date: Type.String(), checkpoints: Type.Array(CheckpointSchema) }) },
        },
      },
      async (request: FastifyRequest) => {
        const caller = requireCaller(request, LEDGER_ROLES)
        const date = localDateOf(localTimeOf(deps.clock.now(), deps.siteUtcOffsetMinutes()).dayNumber)
        const isVisible = personVisibilityFor(caller, (personId) => queries.gridOfPerson(personId))
        const nameOf = personNamesFor((personId) => queries.personNameOf(personId))
        const checkpoints = queries.checkpoints(date, ledgerEdgeScopeOf(caller)).map((checkpoint) => checkpointView(checkpoint, isVisible, nameOf))
        return { date, checkpoints }
      },
    )
  }
}

function eventFilter(caller: Caller, query: Static<typeof EventsQuery>) {
  const edgeId = scopedEdge(caller, query.edgeId)
  const fromMs = instant(query.from, 'from')
  const toMs = instant(query.to, 'to')
  return {
    ...(edgeId !== undefined && { edgeId }),
    ...(query.doorId !== undefined && { doorId: query.doorId }),
    ...(query.outcome !== undefined && { outcome: query.outcome }),
    ...(query.reason !== undefined && { reason: query.reason }),
    ...(query.personId !== undefined && { personId: query.personId }),
    ...(query.temperature !== undefined && { temperature: query.temperature }),
    ...(fromMs !== undefined && { fromMs }),
    ...(toMs !== undefined && { toMs }),
    ...(query.before !== undefined && { beforeFeedSeq: query.before }),
  }
}

function checkpointView(checkpoint: Checkpoint, isVisible: (personId: string | null) => boolean, nameOf: (personId: string | null) => string | null) {
  const stored = checkpoint.status
  const status = stored?.status
  const appliedVersion = checkpoint.policy?.appliedVersion ?? status?.policyVersion ?? null
  const latestVersion = checkpoint.policy?.latestVersion ?? null
  const doors = checkpoint.doors.map((door) => ({
    id: door.id,
    name: door.name,
    lane: door.lane,
    today: door.today,
    lastEvent: door.lastEvent === null ? null : eventView(door.lastEvent, isVisible(door.lastEvent.personId), nameOf(door.lastEvent.personId)),
  }))
  const sum = (pick: (door: (typeof doors)[number]) => number) => doors.reduce((total, door) => total + pick(door), 0)
  return {
    edgeId: checkpoint.edgeId,
    name: checkpoint.name,
    state: status === undefined ? ('never-seen' as const) : status.state === 'online' ? ('online' as const) : ('offline' as const),
    lastSeenAt: stored === null ? null : new Date(stored.lastSeenAtMs).toISOString(),
    softwareVersion: status?.softwareVersion ?? null,
    policy: { appliedVersion, latestVersion, lag: appliedVersion === null || latestVersion === null ? null : Math.max(0, latestVersion - appliedVersion) },
    journalBacklog: status?.journalBacklog ?? null,
    devices: Object.entries(status?.devices ?? {}).map(([id, health]) => ({ id, kind: health.kind, state: health.state, detail: health.detail ?? null })),
    openAlerts: checkpoint.openAlerts,
    today: { passes: sum((door) => door.today.passes), denials: sum((door) => door.today.denials), fevers: sum((door) => door.today.fevers) },
    doors,
  }
}
