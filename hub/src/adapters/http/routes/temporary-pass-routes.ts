import { Type, type Static } from '@sinclair/typebox'
import type BetterSqlite3 from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { maskCredentialKey } from '../../../../../edge/src/domain/masking.js'
import { mayIssueTemporaryPass, TEMPORARY_PASS_DAYS, temporaryPassNumberOf, temporaryPassWindow } from '../../../domain/people/temporary-pass-terms.js'
import { auditChange, runAccessChange } from '../../sqlite/access/access-change.js'
import type { CredentialView } from '../../sqlite/access/credential-repository.js'
import type { ReturneeRecord, ReturneeRepository } from '../../sqlite/people/returnee-repository.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { commitAccessChange } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { missing } from '../people/people-errors.js'
import { idParams, nullableString } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'

export interface TemporaryPassRoutesDeps {
  /** The hub database: the pass, its credential audit row and the returnee's audit row commit together. */
  readonly connection: BetterSqlite3.Database
  readonly returnees: ReturneeRepository
  readonly access: AccessRouteDeps
}

const PassParams = idParams('returneeId')
const PassBody = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({ minimum: TEMPORARY_PASS_DAYS.min, maximum: TEMPORARY_PASS_DAYS.max, default: TEMPORARY_PASS_DAYS.default, description: 'Valid from now for this many days.' }),
    ),
  },
  { additionalProperties: false },
)
const TemporaryPassSchema = Type.Object(
  {
    returneeId: Type.String(),
    credentialId: Type.String(),
    personId: Type.String(),
    personName: Type.String(),
    passNumber: Type.String({ description: 'In full: the staff write it on the paper pass they hand over.' }),
    validFromMs: Type.Integer(),
    validUntilMs: Type.Integer(),
    issuedAtMs: Type.Integer(),
    buildingName: nullableString(),
    unitName: nullableString(),
    room: nullableString(),
    isNew: Type.Boolean({ description: 'false: this registration’s pass had been issued already; it is answered again, unchanged.' }),
  },
  { additionalProperties: false, description: 'A temporary entry pass (临时出入证) of a returnee.' },
)
type TemporaryPass = Static<typeof TemporaryPassSchema>

const STATUS_OF_REFUSAL = { OUT_OF_SCOPE: 403, REGISTRATION_TOO_OLD: 409 } as const

function passView(returnee: ReturneeRecord, credential: CredentialView, passNumber: string, isNew: boolean): TemporaryPass {
  return {
    returneeId: returnee.id,
    credentialId: credential.id,
    personId: credential.personId,
    personName: credential.personName,
    passNumber,
    validFromMs: credential.validFromMs ?? credential.issuedAtMs,
    validUntilMs: credential.validUntilMs ?? credential.issuedAtMs,
    issuedAtMs: credential.issuedAtMs,
    buildingName: returnee.buildingName,
    unitName: returnee.unitName,
    room: returnee.room,
    isNew,
  }
}

/**
 * POST /api/returnees/:returneeId/temporary-pass: the returnee lane's "register and hand over a
 * pass" in one flow (story 4). Gate staff may not issue credentials in general; this is the one
 * pass they may issue, for the person they just registered (temporary-pass-terms.ts). Asking
 * again answers the pass already issued (200) instead of issuing a second one.
 */
export function temporaryPassRoutes(deps: TemporaryPassRoutesDeps): HubRoutes {
  const { connection, returnees, access } = deps
  const { credentials } = access.repositories
  return (app: FastifyInstance) => {
    app.post<{ Params: Static<typeof PassParams>; Body: Static<typeof PassBody> }>(
      '/api/returnees/:returneeId/temporary-pass',
      {
        schema: {
          tags: ['returnees'],
          summary: 'Issue a returnee a temporary entry pass for a few days (gate staff: the returnee they registered today)',
          params: PassParams,
          body: PassBody,
          response: { 200: TemporaryPassSchema, 201: TemporaryPassSchema },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff'])
        const returnee = returnees.get(request.params.returneeId)
        if (returnee === null) throw missing('RETURNEE_NOT_FOUND', `no returnee registration ${request.params.returneeId}`)
        const nowMs = access.clock.now()
        const allowed = mayIssueTemporaryPass(caller, returnee, nowMs)
        if (!allowed.ok) throw new HubHttpError(STATUS_OF_REFUSAL[allowed.code], allowed.code, allowed.message)
        const passNumber = temporaryPassNumberOf(returnee.id)
        const lookupKey = `pass:${passNumber}`
        const existingId = credentials.activeHolderOf(lookupKey)
        const existing = existingId === null ? null : credentials.get(existingId)
        if (existing !== null) return reply.status(200).send(passView(returnee, existing, passNumber, false))
        const days = request.body.days ?? TEMPORARY_PASS_DAYS.default
        const window = temporaryPassWindow(nowMs, days)
        const issued = commitAccessChange(
          access,
          caller,
          (context) =>
            runAccessChange(connection, () => {
              const outcome = credentials.issue({ personId: returnee.personId, read: { kind: 'entry-pass', passNumber }, ...window }, context)
              if (!outcome.ok) return outcome
              auditChange(connection, context, 'returnee.temporary-pass-issued', { kind: 'returnee', id: returnee.id }, {
                personId: returnee.personId,
                credentialId: outcome.value.id,
                reference: maskCredentialKey(lookupKey),
                days,
                validUntilMs: window.validUntilMs,
                ...(caller.checkpointEdgeId !== null && { checkpointEdgeId: caller.checkpointEdgeId }),
              })
              return outcome
            }),
          (credential) => `temporary pass ${credential.id} issued`,
        )
        return reply.status(201).send(passView(returnee, issued, passNumber, true))
      },
    )
  }
}
