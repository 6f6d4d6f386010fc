import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier, PRINTABLE_PATTERN } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { epochMs } from '../../../../../protocol/policy/policy-field-schemas.js'
import { secretTokenSha256 } from '../../../domain/accounts/secret-token.js'
import type { IntakeRefusalCode, VisitedHousehold, VisitorRequestIntake } from '../../../services/visitors/visitor-request-intake.js'
import type { VisitorPosterPlaces } from '../../sqlite/visitors/visitor-poster-places.js'
import type { VisitorRequestRepository } from '../../sqlite/visitors/visitor-request-repository.js'
import type { Clock } from '../../../ports/clock.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { PosterViewSchema, VisitorFollowViewSchema, presentForVisitor, presentPoster } from './visitor-request-views.js'

const TAGS = ['visitors']

/** Printable text with at least one non-space character. */
const PRINTABLE_NOT_BLANK = '^[^\\u0000-\\u001F\\u007F]*[^\\s\\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*$'
const filledText = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: PRINTABLE_NOT_BLANK, description })
const phoneText = (description: string) => Type.String({ minLength: 5, maxLength: 32, pattern: PRINTABLE_PATTERN, description })

const PosterQuery = Type.Object({ gate: identifier('The gate (edge id) the poster names.') }, { additionalProperties: false })

const SubmitBody = Type.Object(
  {
    gate: identifier('The gate (edge id) of the poster the visitor scanned.'),
    visitorName: filledText(64, 'The visitor’s name.'),
    visitorPhone: phoneText('The visitor’s phone: an 11-digit mobile or a landline with its area code.'),
    purpose: filledText(64, 'Why they come (visiting family, delivery, repairs ...).'),
    expectedAtMs: epochMs('When they expect to arrive: from an hour ago to a day ahead.'),
    unitId: Type.Optional(identifier('The unit visited, from GET /api/visitor-requests/poster; with room.')),
    room: Type.Optional(filledText(16, 'The room visited, e.g. "301"; with unitId.')),
    hostPhone: Type.Optional(phoneText('Or: the phone of the resident visited.')),
  },
  { additionalProperties: false },
)

const SubmittedSchema = Type.Object(
  {
    token: Type.String({ description: 'The secret to follow the request with (POST /api/visitor-requests/follow); shown once, never stored by the hub.' }),
    request: VisitorFollowViewSchema,
  },
  { description: 'The request was received; the household is asked.' },
)

/** The token goes in a body, never in a URL, where access logs and browser history would keep it. */
const FollowBody = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100, description: 'The token the request was answered with.' }) }, { additionalProperties: false })

const REFUSAL_STATUS: Record<IntakeRefusalCode, number> = {
  RATE_LIMITED: 429,
  UNKNOWN_GATE: 404,
  BAD_PHONE: 400,
  BAD_HOST_PHONE: 400,
  BAD_EXPECTED_TIME: 400,
  HOST_NOT_FOUND: 404,
  HOUSEHOLD_AMBIGUOUS: 409,
}

export interface VisitorFormRoutesDeps {
  readonly intake: VisitorRequestIntake
  readonly places: VisitorPosterPlaces
  readonly requests: VisitorRequestRepository
  readonly clock: Clock
}

function visitedHousehold(body: Static<typeof SubmitBody>): VisitedHousehold {
  if (body.unitId !== undefined && body.room !== undefined) return { kind: 'room', unitId: body.unitId, room: body.room }
  if (body.hostPhone !== undefined) return { kind: 'host-phone', phone: body.hostPhone }
  throw new HubHttpError(400, 'HOST_REQUIRED', 'name the household: a unit and room, or the host’s phone')
}

/**
 * The visitor's side, without an account (issue 5 §3): the poster's gate and the units to choose
 * from, sending a request (rate-limited by the intake), and following it with the token.
 */
export function visitorFormRoutes(deps: VisitorFormRoutesDeps): HubRoutes {
  return (app: FastifyInstance) => {
    app.get<{ Querystring: Static<typeof PosterQuery> }>(
      '/api/visitor-requests/poster',
      { schema: { tags: TAGS, summary: 'What the visitor’s form shows for a poster’s gate (anonymous)', security: [], querystring: PosterQuery, response: { 200: PosterViewSchema } } },
      async (request) => {
        const poster = deps.places.poster(request.query.gate)
        if (poster === null) throw new HubHttpError(404, 'UNKNOWN_GATE', 'no such gate: scan the poster again')
        return presentPoster(poster)
      },
    )

    app.post<{ Body: Static<typeof SubmitBody> }>(
      '/api/visitor-requests',
      {
        schema: {
          tags: TAGS,
          summary: 'A visitor asks to visit a household (anonymous, rate-limited per address and per gate)',
          security: [],
          body: SubmitBody,
          response: { 201: SubmittedSchema },
        },
      },
      async (request, reply) => {
        const { body } = request
        const household = visitedHousehold(body)
        const input = { gateEdgeId: body.gate, visitorName: body.visitorName.trim(), visitorPhone: body.visitorPhone, purpose: body.purpose.trim(), expectedAtMs: body.expectedAtMs, household }
        const result = deps.intake.submit(input, request.ip)
        if (!result.ok) {
          if (result.retryAfterMs !== undefined) void reply.header('retry-after', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))))
          throw new HubHttpError(REFUSAL_STATUS[result.code], result.code, result.message)
        }
        return reply.status(201).send({ token: result.token, request: presentForVisitor(result.request, deps.clock.now()) })
      },
    )

    app.post<{ Body: Static<typeof FollowBody> }>(
      '/api/visitor-requests/follow',
      { schema: { tags: TAGS, summary: 'The visitor follows their request with its token (anonymous; a read, sent as POST to keep the token out of URLs)', security: [], body: FollowBody, response: { 200: VisitorFollowViewSchema } } },
      async (request) => {
        const record = deps.requests.byTokenHash(secretTokenSha256(request.body.token))
        if (record === null) throw new HubHttpError(404, 'NOT_FOUND', 'no request with this token (it may have been purged)')
        return presentForVisitor(record, deps.clock.now())
      },
    )
  }
}
