import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import type { HubRole } from '../../../domain/caller.js'
import { accountView } from '../../../services/accounts/account-caller.js'
import type { PhoneEnrollment } from '../../../services/phone/phone-enrollment.js'
import type { SqlitePhoneEnrollmentStore } from '../../sqlite/phone/sqlite-phone-enrollment-store.js'
import type { SqliteResidentQueries } from '../../sqlite/phone/sqlite-resident-queries.js'
import { PhoneKeyViewSchema } from '../access/access-view-schemas.js'
import type { HubRoutes } from '../build-hub-app.js'
import type { CookieSessions } from '../cookie-sessions.js'
import { HubHttpError } from '../hub-http-error.js'
import { idParams } from '../people/people-schemas.js'
import { requireCaller } from '../require-caller.js'
import { AccountViewSchema } from './account-schemas.js'

export interface PhoneRoutesDeps {
  readonly enrollment: PhoneEnrollment
  readonly store: Pick<SqlitePhoneEnrollmentStore, 'sessionPhoneKey'>
  readonly residents: SqliteResidentQueries
  readonly cookies: CookieSessions
}

const TAGS = ['phone app']
const RESIDENT: readonly HubRole[] = ['resident']
const MAX_ENTRIES = 50

const EnrolmentLink = Type.Object({
  token: Type.String({ description: 'One-time secret; shown once, stored hashed.' }),
  path: Type.String({ description: 'Where the phone opens it: /app/#/enrol/<token> (make it a QR code or send it).' }),
  expiresAtMs: Type.Integer(),
})
const EnrolBody = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'The token of the enrolment link.' }),
    publicKey: Type.String({ minLength: 1, maxLength: 100, description: "The phone's raw 32-byte Ed25519 public key, standard base64 (WebCrypto exportKey('raw'))." }),
    label: Type.Optional(printableText(64, 'e.g. the phone model the browser reports.')),
  },
  { additionalProperties: false },
)
const EnrolResponse = Type.Object({
  account: AccountViewSchema,
  csrfToken: Type.String(),
  expiresAtMs: Type.Integer(),
  phoneKey: PhoneKeyViewSchema,
})
const MyDoorSchema = Type.Object({
  doorId: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('gate'), Type.Literal('building')]),
  edgeId: Type.String(),
})
const MyEntrySchema = Type.Object({
  id: Type.String(),
  doorId: Type.String(),
  doorName: Type.Union([Type.String(), Type.Null()]),
  occurredAtMs: Type.Integer(),
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  isGranted: Type.Boolean(),
  reason: Type.String({ description: 'GRANTED, QUARANTINED, ... (the edge’s reason code).' }),
})
const EntriesQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTRIES })) }, { additionalProperties: false })
const MyPhone = Type.Object({
  keyId: Type.Union([Type.String(), Type.Null()], { description: 'The phone key this session was opened for; null for a password session.' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Null()]),
})

const ENROL_STATUS: Record<string, number> = {
  ENROLMENT_LINK_UNKNOWN: 404,
  ENROLMENT_LINK_USED: 410,
  ENROLMENT_LINK_EXPIRED: 410,
  PERSON_NOT_ENROLLABLE: 409,
  ACCOUNT_DISABLED: 403,
  BAD_PUBLIC_KEY: 400,
  PHONE_KEY_EXISTS: 409,
}

/**
 * The resident phone app's own routes: the office issues a one-time enrolment link, the phone
 * trades it (with its public key) for a session bound to that key; then "my doors", "my entries"
 * and "my phone". Opening a door is POST /api/doors/:doorId/open with a `phoneProof`.
 */
export function phoneRoutes(deps: PhoneRoutesDeps): HubRoutes {
  return (app: FastifyInstance) => {
    const personParams = idParams('personId')
    app.post<{ Params: Static<typeof personParams> }>(
      '/api/persons/:personId/phone-enrollment',
      {
        schema: {
          tags: TAGS,
          summary: "Issue a one-time link that enrols a resident's phone (withdraws the person's older unused links)",
          params: personParams,
          response: { 201: EnrolmentLink },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        const outcome = deps.enrollment.issue(caller, request.params.personId)
        if (!outcome.ok) throw new HubHttpError(outcome.code === 'NOT_FOUND' ? 404 : 403, outcome.code, outcome.message)
        return reply.status(201).send({ token: outcome.token, path: `/app/#/enrol/${outcome.token}`, expiresAtMs: outcome.expiresAtMs })
      },
    )

    app.post<{ Body: Static<typeof EnrolBody> }>(
      '/api/phone-enrollment',
      {
        schema: {
          tags: TAGS,
          summary: "Enrol this phone with a one-time link: registers the phone's key and signs the phone in (no session: the link authenticates)",
          security: [],
          body: EnrolBody,
          response: { 201: EnrolResponse },
        },
      },
      async (request, reply) => {
        const outcome = deps.enrollment.enrol({ token: request.body.token, publicKey: request.body.publicKey, label: request.body.label ?? null })
        if (!outcome.ok) throw new HubHttpError(ENROL_STATUS[outcome.code] ?? 400, outcome.code, outcome.message)
        deps.cookies.setCookie(reply, outcome.sessionToken, outcome.session.expiresAtMs)
        return reply.status(201).send({
          account: accountView(outcome.session.account),
          csrfToken: outcome.session.csrfToken,
          expiresAtMs: outcome.session.expiresAtMs,
          phoneKey: outcome.phoneKey,
        })
      },
    )

    app.get(
      '/api/me/doors',
      { schema: { tags: TAGS, summary: 'The doors I may open, from the policy the hub compiled for each gate', response: { 200: Type.Object({ items: Type.Array(MyDoorSchema) }) } } },
      async (request) => ({ items: deps.residents.doorsOf(residentPerson(requireCaller(request, RESIDENT).personId)) }),
    )

    app.get<{ Querystring: Static<typeof EntriesQuery> }>(
      '/api/me/entries',
      { schema: { tags: TAGS, summary: 'My recent entries and refusals at the gates, newest first', querystring: EntriesQuery, response: { 200: Type.Object({ items: Type.Array(MyEntrySchema) }) } } },
      async (request) => {
        const personId = residentPerson(requireCaller(request, RESIDENT).personId)
        return { items: deps.residents.entriesOf(personId, request.query.limit ?? 20) }
      },
    )

    app.get(
      '/api/me/phone',
      { schema: { tags: TAGS, summary: 'The enrolled phone key this session belongs to (null for a password session)', response: { 200: MyPhone } } },
      async (request) => {
        requireCaller(request, RESIDENT)
        const session = deps.cookies.sessionOf(request)
        const key = session === null ? null : deps.store.sessionPhoneKey(session.active.sessionSha256)
        return { keyId: key?.keyId ?? null, status: key?.status ?? null }
      },
    )
  }
}

function residentPerson(personId: string | null): string {
  if (personId === null) throw new HubHttpError(403, 'NO_PERSON', 'this account is not linked to a resident')
  return personId
}
