import { Type, type Static } from '@sinclair/typebox'
import type BetterSqlite3 from 'better-sqlite3'
import { PRINTABLE_PATTERN } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { EDGE_ID_PATTERN } from '../../../../../protocol/mqtt/topics.js'
import { ALERT_KINDS } from '../../../domain/ledger/alert-intent.js'
import { alertView } from '../../../domain/ledger/alert-view.js'
import { LEDGER_ROLES, ledgerEdgeScopeOf, maySeeLedgerOf, personNamesFor, personVisibilityFor } from '../../../domain/ledger/ledger-event-view.js'
import type { AlertStore } from '../../../ports/alert-store.js'
import type { Clock } from '../../../ports/clock.js'
import type { LedgerQueries } from '../../../ports/ledger-queries.js'
import type { LiveFeed } from '../../../services/live-feed.js'
import { appendAudit, auditActorOf } from '../../sqlite/append-audit.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { requireCaller } from '../require-caller.js'
import { AlertSchema } from './ledger-schemas.js'

export interface AlertRoutesDeps {
  /** The hub database: the acknowledgement and its audit row commit together. */
  readonly connection: BetterSqlite3.Database
  readonly alerts: AlertStore
  readonly queries: Pick<LedgerQueries, 'gridOfPerson' | 'personNameOf'>
  readonly liveFeed: LiveFeed
  readonly clock: Clock
}

const TAGS = ['alerts']

const AlertsQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')], { default: 'open' })),
    edgeId: Type.Optional(Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63 })),
    kind: Type.Optional(Type.Union(ALERT_KINDS.map((kind) => Type.Literal(kind)))),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

const AlertParams = Type.Object({ alertId: Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63 }) })

const AcknowledgeBody = Type.Object(
  { note: Type.Optional(Type.String({ pattern: PRINTABLE_PATTERN, minLength: 1, maxLength: 200, description: 'what was done about it' })) },
  { additionalProperties: false },
)

/** GET /api/alerts and POST /api/alerts/:alertId/acknowledge (audited); gate staff for their checkpoint only. */
export function alertRoutes(deps: AlertRoutesDeps): HubRoutes {
  const { alerts, queries } = deps
  return (app) => {
    app.get<{ Querystring: Static<typeof AlertsQuery> }>(
      '/api/alerts',
      {
        schema: {
          tags: TAGS,
          summary: 'Alerts, newest first: open ones by default',
          querystring: AlertsQuery,
          response: { 200: Type.Object({ alerts: Type.Array(AlertSchema), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }) },
        },
      },
      async (request) => {
        const caller = requireCaller(request, LEDGER_ROLES)
        const { state = 'open', edgeId, kind, before, limit = 100 } = request.query
        const scope = ledgerEdgeScopeOf(caller)
        if (scope !== null && edgeId !== undefined && edgeId !== scope) throw new HubHttpError(403, 'NOT_YOUR_CHECKPOINT', 'gate staff see their own checkpoint only')
        const onEdge = scope ?? edgeId
        const records = alerts.list({ state, limit, ...(onEdge !== undefined && { edgeId: onEdge }), ...(kind !== undefined && { kind }), ...(before !== undefined && { beforeSeq: before }) })
        const isVisible = personVisibilityFor(caller, (personId) => queries.gridOfPerson(personId))
        const nameOf = personNamesFor((personId) => queries.personNameOf(personId))
        return { alerts: records.map((alert) => alertView(alert, isVisible(alert.personId), nameOf(alert.personId))), nextBefore: records.length === limit ? (records.at(-1)?.seq ?? null) : null }
      },
    )

    app.post<{ Params: Static<typeof AlertParams>; Body: Static<typeof AcknowledgeBody> }>(
      '/api/alerts/:alertId/acknowledge',
      {
        schema: {
          tags: TAGS,
          summary: 'Acknowledge an alert (closes a one-off alert; a condition stays open until the edge clears it)',
          params: AlertParams,
          body: AcknowledgeBody,
          response: { 200: AlertSchema },
        },
      },
      async (request) => {
        const caller = requireCaller(request, LEDGER_ROLES)
        const { alertId } = request.params
        const atMs = deps.clock.now()
        const acknowledged = deps.connection.transaction(() => {
          const alert = alerts.get(alertId)
          if (alert === null || !maySeeLedgerOf(caller, alert.edgeId)) throw new HubHttpError(404, 'ALERT_NOT_FOUND', `no alert ${alertId}`)
          const note = request.body.note ?? null
          const updated = alerts.acknowledge(alertId, { accountId: caller.accountId, name: caller.displayName, atMs, note })
          if (updated === null) throw new HubHttpError(404, 'ALERT_NOT_FOUND', `no alert ${alertId}`)
          const detail = { kind: alert.kind, edgeId: alert.edgeId, ...(note !== null && { note }) }
          appendAudit(deps.connection, { actor: auditActorOf(caller), action: 'alert.acknowledged', subjectKind: 'alert', subjectId: alertId, detail, atMs })
          return updated
        })()
        deps.liveFeed.publish({ kind: 'alert', change: { change: 'acknowledged', alert: acknowledged } })
        const isVisible = personVisibilityFor(caller, (personId) => queries.gridOfPerson(personId))
        return alertView(acknowledged, isVisible(acknowledged.personId), acknowledged.personId === null ? null : queries.personNameOf(acknowledged.personId))
      },
    )
  }
}
