import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { mayManagePhoneKeysOf } from '../../../domain/access/access-scope.js'
import type { Caller } from '../../../domain/caller.js'
import type { PhoneKeyView } from '../../sqlite/access/phone-key-repository.js'
import { confinePeopleList } from '../access/access-list-scope.js'
import type { AccessRouteDeps } from '../access/access-route-deps.js'
import { PhoneKeyViewSchema } from '../access/access-view-schemas.js'
import { commitAccessChange, notFoundError } from '../access/commit-access-change.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { PageQueryFields, idParams, pageOf, pageResponse } from '../people/people-schemas.js'
import { outOfScope, requireCaller } from '../require-caller.js'

const TAGS = ['phone keys']
const ROLES = ['admin', 'grid-manager', 'resident'] as const

const RegisterBody = Type.Object(
  {
    personId: Type.Optional(identifier('Whose phone; a resident registers their own (default: themself).')),
    publicKey: Type.String({ minLength: 1, maxLength: 100, description: "The phone's raw 32-byte Ed25519 public key, standard base64 (WebCrypto exportKey('raw'))." }),
    label: Type.Optional(printableText(64, 'e.g. "Zhang’s Android".')),
  },
  { additionalProperties: false },
)
const ReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'Why (audited), e.g. "phone lost".' })) },
  { additionalProperties: false },
)
const KeyListQuery = Type.Object(
  {
    personId: Type.Optional(identifier("This person's phones.")),
    status: Type.Optional(oneOf(['active', 'revoked'] as const, 'Only active or only revoked keys.')),
    ...PageQueryFields,
  },
  { additionalProperties: false },
)
const KeyParams = idParams('keyId')

/**
 * Enrolled phones: the phone app registers its public key (a resident for themself, staff for
 * the people they manage) and gets the key id it names in its QR codes; a lost phone is revoked
 * by its owner or staff, and with it the phone's own credential.
 */
export function phoneKeyRoutes(deps: AccessRouteDeps): HubRoutes {
  const { phoneKeys, places } = deps.repositories

  function ownedKey(caller: Caller, keyId: string): PhoneKeyView {
    const key = phoneKeys.get(keyId)
    if (key === null) throw notFoundError(`phone key ${keyId}`)
    const place = places.person(key.personId)
    if (place === null || !mayManagePhoneKeysOf(caller, place)) throw outOfScope(`phone key ${keyId}`)
    return key
  }

  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof RegisterBody> }>(
      '/api/phone-keys',
      { schema: { tags: TAGS, summary: "Register a phone's public key", body: RegisterBody, response: { 201: PhoneKeyViewSchema } } },
      async (request, reply) => {
        const caller = requireCaller(request, ROLES)
        const personId = request.body.personId ?? caller.personId
        if (personId === null) throw new HubHttpError(400, 'PERSON_REQUIRED', 'name the person whose phone this is')
        const place = places.person(personId)
        if (place !== null && !mayManagePhoneKeysOf(caller, place)) throw outOfScope(`person ${personId}`)
        if (place === null && caller.role !== 'admin') throw outOfScope(`person ${personId}`)
        const input = { personId, publicKey: request.body.publicKey, label: request.body.label ?? null }
        const key = commitAccessChange(deps, caller, (context) => phoneKeys.register(input, context), (value) => `phone-key.registered ${value.id}`)
        return reply.status(201).send(key)
      },
    )

    app.get<{ Querystring: Static<typeof KeyListQuery> }>(
      '/api/phone-keys',
      { schema: { tags: TAGS, summary: 'List enrolled phones', querystring: KeyListQuery, response: { 200: pageResponse(PhoneKeyViewSchema, 'One page of phone keys.') } } },
      async (request) => {
        const caller = requireCaller(request, ROLES)
        const { limit, offset, ...filter } = request.query
        const page = pageOf({ limit, offset })
        return { ...phoneKeys.list(confinePeopleList(caller, filter, 'personId'), page), ...page }
      },
    )

    app.get<{ Params: Static<typeof KeyParams> }>(
      '/api/phone-keys/:keyId',
      { schema: { tags: TAGS, summary: 'One phone key', params: KeyParams, response: { 200: PhoneKeyViewSchema } } },
      async (request) => ownedKey(requireCaller(request, ROLES), request.params.keyId),
    )

    app.post<{ Params: Static<typeof KeyParams>; Body: Static<typeof ReasonBody> }>(
      '/api/phone-keys/:keyId/revoke',
      { schema: { tags: TAGS, summary: 'Revoke a phone (lost or replaced) and its credential', params: KeyParams, body: ReasonBody, response: { 200: PhoneKeyViewSchema } } },
      async (request) => {
        const caller = requireCaller(request, ROLES)
        const key = ownedKey(caller, request.params.keyId)
        return commitAccessChange(deps, caller, (context) => phoneKeys.revoke(key.id, request.body.reason ?? '', context), (value) => `phone-key.revoked ${value.id}`)
      },
    )
  }
}
