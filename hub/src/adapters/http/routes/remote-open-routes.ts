import { Type, type Static } from '@sinclair/typebox'
import { COMMAND_ACTIONS, COMMAND_REASON_MAX_CHARS, CONTACT_CELSIUS_RANGE } from '../../../../../protocol/mqtt/messages/command.js'
import { PRINTABLE_PATTERN } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { EDGE_ID_PATTERN } from '../../../../../protocol/mqtt/topics.js'
import { PHONE_OPEN_NONCE_PATTERN } from '../../../domain/phone/phone-open-proof.js'
import type { RemoteOpenService } from '../../../services/remote-open-service.js'
import type { PhoneOpenProof, PhoneProofCheck } from '../../../services/phone/phone-open-proofs.js'
import type { FastifyRequest } from 'fastify'
import type { HubRoutes } from '../build-hub-app.js'
import { requireCaller } from '../require-caller.js'

export interface RemoteOpenRoutesDeps {
  readonly remoteOpen: Pick<RemoteOpenService, 'open'>
  /**
   * For sessions opened by phone enrolment: the request must be signed by the phone's key
   * (docs/phone-app.md). Without it, no request needs a proof.
   */
  readonly phoneProof?: (request: FastifyRequest, doorId: string, action: string, proof: PhoneOpenProof | undefined) => PhoneProofCheck
}

const PhoneProofSchema = Type.Object(
  {
    keyId: Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63, description: 'The enrolled phone key.' }),
    nonce: Type.String({ pattern: PHONE_OPEN_NONCE_PATTERN, description: 'Fresh for every request, at least 96 random bits, base64url.' }),
    issuedAtMs: Type.Integer({ minimum: 0, description: "The phone's clock (epoch ms)." }),
    signature: Type.String({ minLength: 88, maxLength: 88, description: 'Ed25519 over the phone-open bytes (hub/src/domain/phone/phone-open-proof.ts), standard base64.' }),
  },
  { additionalProperties: false, description: 'Required in a phone session: the request signed by the phone’s own key.' },
)

const DoorParams = Type.Object({ doorId: Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63 }) })

const OpenBody = Type.Object(
  {
    action: Type.Optional(
      Type.Union(COMMAND_ACTIONS.map((action) => Type.Literal(action)), {
        default: 'UNLOCK',
        description: 'UNLOCK (everyone allowed); HOLD_OPEN, LOCK, RELEASE, CONFIRM_FEVER, CLEAR_FEVER (gate staff and admin)',
      }),
    ),
    reason: Type.Optional(
      Type.String({ pattern: PRINTABLE_PATTERN, minLength: 1, maxLength: COMMAND_REASON_MAX_CHARS, description: 'why staff act; required for gate staff, goes into the gate log' }),
    ),
    contactCelsius: Type.Optional(
      Type.Number({ minimum: CONTACT_CELSIUS_RANGE.min, maximum: CONTACT_CELSIUS_RANGE.max, description: 'CONFIRM_FEVER / CLEAR_FEVER: the contact thermometer reading' }),
    ),
    phoneProof: Type.Optional(PhoneProofSchema),
  },
  { additionalProperties: false },
)

const Done = Type.Object({
  status: Type.Union(['opened', 'held-open', 'locked', 'released', 'fever-confirmed', 'fever-cleared'].map((status) => Type.Literal(status)), {
    description: 'what the gate did',
  }),
  commandId: Type.String(),
})

const Refusal = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'RATE_LIMITED, DOOR_NOT_FOUND, FORBIDDEN, NOT_YOUR_CHECKPOINT, REASON_REQUIRED, DENIED_BY_POLICY, EDGE_TIMEOUT, BROKER_UNAVAILABLE, or the gate’s own code' }),
      message: Type.String(),
      commandId: Type.Optional(Type.String()),
      denyReason: Type.Optional(Type.String({ description: 'with DENIED_BY_POLICY: e.g. QUARANTINED, BUILDING_LOCKDOWN, OUTSIDE_SCHEDULE' })),
      retryAfterMs: Type.Optional(Type.Integer()),
      details: Type.Optional(Type.Array(Type.String())),
    }),
  },
  { description: 'the hub or the gate said no, or the gate did not answer' },
)

/**
 * POST /api/doors/:doorId/open: a resident opens a door they may pass (phone), gate staff act on
 * their checkpoint's doors with a reason, admins on any door. Answers once the gate has answered:
 * 200 with what it did, 409 DENIED_BY_POLICY with the policy's reason, 504 EDGE_TIMEOUT, 429 with
 * Retry-After. Every request and outcome is audited by the service.
 */
export function remoteOpenRoutes(deps: RemoteOpenRoutesDeps): HubRoutes {
  return (app) => {
    app.post<{ Params: Static<typeof DoorParams>; Body: Static<typeof OpenBody> }>(
      '/api/doors/:doorId/open',
      {
        schema: {
          tags: ['doors'],
          summary: 'Open (or hold, lock, release) a door remotely; waits for the gate to answer',
          params: DoorParams,
          body: OpenBody,
          response: { 200: Done, '4xx': Refusal, '5xx': Refusal },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'gate-staff', 'resident'])
        const { action = 'UNLOCK', reason, contactCelsius, phoneProof } = request.body
        const proof = deps.phoneProof?.(request, request.params.doorId, action, phoneProof) ?? { ok: true }
        if (!proof.ok) return reply.status(proof.httpStatus).send({ error: { code: proof.code, message: proof.message } })
        const result = await deps.remoteOpen.open(caller, request.params.doorId, { action, reason: reason ?? null, contactCelsius: contactCelsius ?? null })
        if (result.kind === 'done') return { status: result.status, commandId: result.commandId }
        const { httpStatus, kind: _kind, ...error } = result
        if (result.retryAfterMs !== undefined) void reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)))
        return reply.status(httpStatus).send({ error })
      },
    )
  }
}
