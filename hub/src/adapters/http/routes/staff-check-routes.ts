import { Type, type Static } from '@sinclair/typebox'
import { EDGE_ID_PATTERN } from '../../../../../protocol/mqtt/topics.js'
import type { Clock } from '../../../ports/clock.js'
import type { StaffCheckQueries } from '../../../ports/staff-check-queries.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { requireCaller } from '../require-caller.js'

export interface StaffCheckRoutesDeps {
  readonly queries: StaffCheckQueries
  readonly clock: Clock
}

/**
 * A kiosk waits two minutes for staff (edge/src/assembly/kiosk-lane-for.ts) and then decides by
 * itself; looking back further only covers an edge whose timeout report is still on its way.
 */
export const STAFF_CHECK_LOOKBACK_MS = 10 * 60_000
const MAX_CHECKS = 20

const StaffChecksQuery = Type.Object(
  { edgeId: Type.Optional(Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63, description: 'admin: one checkpoint; gate staff: their own (the default)' })) },
  { additionalProperties: false },
)

const StaffCheckSchema = Type.Object(
  {
    alarmId: Type.String(),
    edgeId: Type.String(),
    doorId: Type.String(),
    doorName: Type.Union([Type.String(), Type.Null()]),
    raisedAt: Type.String({ description: 'when the kiosk raised the suspicion (ISO-8601, edge clock)' }),
    kioskReading: Type.Union([Type.String(), Type.Null()], { description: 'the kiosk’s own reading as it stated it, e.g. "38.4 °C"' }),
  },
  { additionalProperties: false },
)

/**
 * GET /api/staff-checks: the suspected fevers a kiosk holds for a contact-thermometer reading
 * right now (story 1, soft screening), so the staff view can offer "confirm or clear" on the
 * right door. Gate staff see their own checkpoint only.
 */
export function staffCheckRoutes(deps: StaffCheckRoutesDeps): HubRoutes {
  return (app) => {
    app.get<{ Querystring: Static<typeof StaffChecksQuery> }>(
      '/api/staff-checks',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Suspected fevers a kiosk holds for a staff contact-thermometer reading now (gate staff: their checkpoint)',
          querystring: StaffChecksQuery,
          response: { 200: Type.Object({ checks: Type.Array(StaffCheckSchema) }) },
        },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'gate-staff'])
        const requested = request.query.edgeId ?? null
        let edgeId = requested
        if (caller.role === 'gate-staff') {
          if (requested !== null && requested !== caller.checkpointEdgeId) throw new HubHttpError(403, 'NOT_YOUR_CHECKPOINT', 'gate staff see their own checkpoint only')
          // An account without a checkpoint matches no edge rather than every edge.
          edgeId = caller.checkpointEdgeId ?? '-'
        }
        const checks = deps.queries.pending(edgeId, deps.clock.now() - STAFF_CHECK_LOOKBACK_MS, MAX_CHECKS)
        return { checks: checks.map(({ raisedAtMs, ...check }) => ({ ...check, raisedAt: new Date(raisedAtMs).toISOString() })) }
      },
    )
  }
}
