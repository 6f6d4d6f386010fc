import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { EnrollmentRequest, EnrollmentResponse } from '../../../../../protocol/enrollment/enrollment-response.js'
import { EdgeHardware } from '../../../domain/enrollment/edge-hardware.js'
import { DEFAULT_TOKEN_VALIDITY_HOURS, MAX_TOKEN_VALIDITY_HOURS, type EdgeEnrollment } from '../../../services/enrollment/edge-enrollment.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { requireCaller } from '../require-caller.js'

/**
 * The schema as the HTTP body takes it: without `default`s (ajv's strict mode refuses them inside
 * unions, e.g. a lock that is GPIO or OSDP), and fields that had one no longer required. The
 * edge applies the defaults itself when it loads the config.
 */
function withoutDefaults<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutDefaults) as T
  if (typeof schema !== 'object' || schema === null) return schema
  const source = schema as Record<string | symbol, unknown>
  const copy: Record<string | symbol, unknown> = {}
  for (const key of Reflect.ownKeys(source)) if (key !== 'default') copy[key] = withoutDefaults(source[key])
  const properties = source['properties'] as Record<string, { default?: unknown }> | undefined
  if (Array.isArray(source['required']) && properties !== undefined) {
    copy['required'] = (source['required'] as string[]).filter((name) => properties[name]?.default === undefined)
  }
  return copy as T
}

const EdgeParams = Type.Object({ edgeId: Type.String({ minLength: 1, maxLength: 63 }) }, { additionalProperties: false })
type EdgeParams = Static<typeof EdgeParams>

const TokenBody = Type.Object(
  {
    validForHours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_VALIDITY_HOURS, default: DEFAULT_TOKEN_VALIDITY_HOURS, description: 'How long the token works if unused.' })),
    hardware: Type.Optional(withoutDefaults(EdgeHardware)),
  },
  { additionalProperties: false },
)
type TokenBody = Static<typeof TokenBody>

const TokenResponse = Type.Object(
  {
    token: Type.String({ description: 'Shown once; the hub keeps only its hash. Works once, until expiresAt.' }),
    expiresAt: Type.String({ format: 'date-time' }),
    qrPayload: Type.String({ description: 'Text for a QR code the installer scans.' }),
    command: Type.String({ description: 'What to run on the Pi.' }),
    missingWiring: Type.Array(Type.String(), { description: 'Doors the installer will have to wire by hand in the config.' }),
  },
  { additionalProperties: false },
)

const RevocationBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'Why (audited): stolen, retired, replaced.' }) },
  { additionalProperties: false },
)
type RevocationBody = Static<typeof RevocationBody>

const RevocationResponse = Type.Object({ wasActive: Type.Boolean({ description: 'false when the edge had no active credential.' }) }, { additionalProperties: false })

const REFUSALS: Readonly<Record<string, readonly [number, string]>> = {
  EDGE_NOT_FOUND: [404, 'edge not found'],
  EDGE_ID_INVALID: [409, 'this edge id cannot be used on MQTT topics; recreate the edge'],
  UNKNOWN_DOOR: [400, 'the wiring names a door this edge does not have'],
  INVALID_HARDWARE: [400, 'the wiring would not pass the edge config check'],
  ENROLLMENT_TOKEN_UNKNOWN: [403, 'this enrollment token is not valid; check it, or ask the hub admin for a new one'],
  ENROLLMENT_TOKEN_USED: [410, 'this enrollment token was already used; ask the hub admin for a new one'],
  ENROLLMENT_TOKEN_EXPIRED: [410, 'this enrollment token has expired; ask the hub admin for a new one'],
  ENROLLMENT_TOKEN_WITHDRAWN: [410, 'a newer token was issued for this edge; use that one'],
}

function refused(code: string, details: readonly string[] = []): HubHttpError {
  const [status, message] = REFUSALS[code] ?? [400, code]
  return new HubHttpError(status, code, message, details)
}

/**
 * Edge enrollment: an admin issues a one-time token for an edge (and may revoke its
 * credential); `gatehouse-edge enroll` trades the token for credentials and a draft config
 * without a session (the token is the authentication).
 */
export function enrollmentRoutes(enrollment: EdgeEnrollment): HubRoutes {
  return (app: FastifyInstance) => {
    app.post<{ Params: EdgeParams; Body: TokenBody }>(
      '/api/edges/:edgeId/enrollment',
      {
        schema: {
          tags: ['enrollment'],
          summary: "Issue a one-time enrollment token for an edge (withdraws the edge's older unused tokens)",
          params: EdgeParams,
          body: TokenBody,
          response: { 201: TokenResponse },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin'])
        const issued = enrollment.issueToken(caller, request.params.edgeId, request.body)
        if (!issued.ok) throw refused(issued.code, issued.details)
        return reply.status(201).send({
          token: issued.token,
          expiresAt: new Date(issued.expiresAtMs).toISOString(),
          qrPayload: issued.qrPayload,
          command: issued.command,
          missingWiring: issued.missingWiring,
        })
      },
    )

    app.post<{ Body: EnrollmentRequest }>(
      '/api/enrollment',
      {
        schema: {
          tags: ['enrollment'],
          summary: "Trade an enrollment token for the edge's MQTT credential, the hub key and a draft config (no session: the token authenticates)",
          body: EnrollmentRequest,
          response: { 200: EnrollmentResponse },
        },
      },
      async (request, reply) => {
        const enrolled = enrollment.enroll(request.body.token)
        if (!enrolled.ok) throw refused(enrolled.code)
        reply.header('cache-control', 'no-store')
        return enrolled.response
      },
    )

    app.post<{ Params: EdgeParams; Body: RevocationBody }>(
      '/api/edges/:edgeId/credential/revocation',
      {
        schema: {
          tags: ['enrollment'],
          summary: "Revoke an edge's MQTT credential; the broker drops its connection at once",
          params: EdgeParams,
          body: RevocationBody,
          response: { 200: RevocationResponse },
        },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const revoked = enrollment.revokeCredential(caller, request.params.edgeId, request.body.reason)
        if (!revoked.ok) throw refused(revoked.code)
        return { wasActive: revoked.wasActive }
      },
    )
  }
}
