import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { LOOKUP_KEY_MAX_LENGTH, LOOKUP_KEY_PATTERN } from '../../../../../protocol/policy/credential-lookup-key.js'
import { POLICY_CREDENTIAL_KINDS } from '../../../../../protocol/policy/policy-credential.js'
import { epochMs, nullable, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { mayManagePeopleAt, mayReadCredential, mayRevokeCredential } from '../../../domain/access/access-scope.js'
import type { IssuedCredentialRead } from '../../../domain/access/issued-credential-key.js'
import type { Caller } from '../../../domain/caller.js'
import type { CredentialView } from '../../sqlite/access/credential-repository.js'
import { confinePeopleList } from '../access/access-list-scope.js'
import { presentCredential } from '../access/access-presenters.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { CredentialViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { outOfScope, requireCaller } from '../require-caller.js'

const TAGS = ['credentials']
const MANAGERS = ['admin', 'grid-manager'] as const

const issueFields = {
  personId: identifier('The holder.'),
  validFromMs: Type.Optional(nullable(epochMs('Not valid before; null or absent: at once.'))),
  validUntilMs: Type.Optional(nullable(epochMs('Not valid from; null or absent: no end.'))),
}
const IssueBody = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('card'),
        format: Type.String({ minLength: 1, maxLength: 24, description: 'Wiegand layout, e.g. "H10301", "WIEGAND_34_UID".' }),
        facility: Type.Optional(nullable(Type.Integer({ minimum: 0, description: 'Facility (site) code; null or absent when the format has none.' }))),
        cardNumber: Type.Integer({ minimum: 0, description: 'Card number as printed.' }),
        ...issueFields,
      },
      { additionalProperties: false, description: 'A card.' },
    ),
    Type.Object(
      { kind: Type.Literal('pin'), digits: Type.String({ minLength: 1, maxLength: 32, description: '4–12 digits (full-width digits are accepted).' }), ...issueFields },
      { additionalProperties: false, description: 'A keypad PIN.' },
    ),
    Type.Object(
      { kind: Type.Literal('entry-pass'), passNumber: Type.String({ minLength: 1, maxLength: 64, description: 'Pass (出入证) number; spaces and "-" are ignored.' }), ...issueFields },
      { additionalProperties: false, description: 'An entry pass (出入证).' },
    ),
  ],
  { description: 'What to issue: a card, a PIN or an entry pass.' },
)
const ReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'Why (audited), e.g. "card lost".' })) },
  { additionalProperties: false },
)
const BindingBody = Type.Object(
  { phoneKeyId: nullable(identifier("The holder's phone key that alone may present the pass; null unbinds it.")) },
  { additionalProperties: false },
)
const CredentialListQuery = Type.Object(
  {
    personId: Type.Optional(identifier('Credentials of this person.')),
    kind: Type.Optional(oneOf(POLICY_CREDENTIAL_KINDS, 'Only this kind.')),
    status: Type.Optional(oneOf(['active', 'revoked'] as const, 'Only active or only revoked ones.')),
    hostPersonId: Type.Optional(identifier('Visitor passes this resident hosts.')),
    lookupKey: Type.Optional(Type.String({ pattern: LOOKUP_KEY_PATTERN, maxLength: LOOKUP_KEY_MAX_LENGTH, description: 'Who holds this card or pass, e.g. "card:h10301:212:7041".' })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const CredentialParams = idParams('credentialId')

function readOf(body: Static<typeof IssueBody>): IssuedCredentialRead {
  switch (body.kind) {
    case 'card':
      return { kind: 'card', format: body.format, facility: body.facility ?? null, cardNumber: body.cardNumber }
    case 'pin':
      return { kind: 'pin', digits: body.digits }
    case 'entry-pass':
      return { kind: 'entry-pass', passNumber: body.passNumber }
  }
}

/**
 * Credentials (admin console: "issue a card or an entry pass, bind a phone, revoke — and see
 * where each was last used"). Admins and the holder's grid manager issue, bind and revoke;
 * residents read their own; card numbers are shown in full to admins only, PINs to nobody.
 */
export function credentialRoutes(deps: AccessRouteDeps): HubRoutes {
  const { credentials, phoneKeys, places } = deps.repositories

  function placesOf(credential: CredentialView) {
    const holder = places.person(credential.personId)
    const host = credential.hostPersonId === null ? null : places.person(credential.hostPersonId)
    return { holder: holder ?? { personId: credential.personId, householdId: null, buildingId: null, gridId: null }, host }
  }

  function existing(caller: Caller, credentialId: string, isAllowed: typeof mayReadCredential): CredentialView {
    const credential = credentials.get(credentialId)
    if (credential === null) throw notFoundError(`credential ${credentialId}`)
    const { holder, host } = placesOf(credential)
    if (!isAllowed(caller, credential, holder, host)) throw outOfScope(`credential ${credentialId}`)
    return credential
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof IssueBody> }>(
      '/api/credentials',
      { schema: { tags: TAGS, summary: 'Issue a card, PIN or entry pass', body: IssueBody, response: { 201: CredentialViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, MANAGERS)
        const { body } = request
        const holder = places.person(body.personId)
        if (holder !== null && !mayManagePeopleAt(caller, holder)) throw outOfScope(`person ${body.personId}`)
        const input = { personId: body.personId, read: readOf(body), validFromMs: body.validFromMs ?? null, validUntilMs: body.validUntilMs ?? null }
        const issued = commitAccessChange(deps, caller, (context) => credentials.issue(input, context), (value) => `credential.issued ${value.id}`)
        return reply.status(201).send(presentCredential(caller, issued))
      },
    )

    app.get<{ Querystring: Static<typeof CredentialListQuery> }>(
      '/api/credentials',
      { schema: { tags: TAGS, summary: 'List credentials with where each was last used', querystring: CredentialListQuery, response: { 200: pageResponse(CredentialViewSchema, 'One page of credentials.') } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        const { limit, offset, ...filter } = request.query
        const page = pageOf({ limit, offset })
        const listed = credentials.list(confinePeopleList(caller, filter, 'personId'), page)
        return { items: listed.items.map((credential) => presentCredential(caller, credential)), total: listed.total, ...page }
      },
    )

    app.get<{ Params: Static<typeof CredentialParams> }>(
      '/api/credentials/:credentialId',
      { schema: { tags: TAGS, summary: 'One credential', params: CredentialParams, response: { 200: CredentialViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        return presentCredential(caller, existing(caller, request.params.credentialId, mayReadCredential))
      },
    )

    app.post<{ Params: Static<typeof CredentialParams>; Body: Static<typeof ReasonBody> }>(
      '/api/credentials/:credentialId/revoke',
      { schema: { tags: TAGS, summary: 'Revoke a credential (reaches every edge within a second)', params: CredentialParams, body: ReasonBody, response: { 200: CredentialViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'resident'])
        const credential = existing(caller, request.params.credentialId, mayRevokeCredential)
        const revoked = commitAccessChange(deps, caller, (context) => credentials.revoke(credential.id, request.body.reason ?? '', context), (value) => `credential.revoked ${value.id}`)
        return presentCredential(caller, revoked)
      },
    )

    app.put<{ Params: Static<typeof CredentialParams>; Body: Static<typeof BindingBody> }>(
      '/api/credentials/:credentialId/phone-binding',
      { schema: { tags: TAGS, summary: "Bind an entry pass to one of its holder's phones (or unbind it)", params: CredentialParams, body: BindingBody, response: { 200: CredentialViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, MANAGERS)
        const pass = existing(caller, request.params.credentialId, (who, _credential, holder) => mayManagePeopleAt(who, holder))
        const bound = commitAccessChange(deps, caller, (context) => phoneKeys.bindPass(pass.id, request.body.phoneKeyId, context), (value) => `credential.bound ${value.id}`)
        return presentCredential(caller, bound)
      },
    )
  }
}
