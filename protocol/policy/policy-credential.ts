import { Type, type Static } from '@sinclair/typebox'
import { LOOKUP_KEY_MAX_LENGTH, LOOKUP_KEY_PATTERN } from './credential-lookup-key.js'
import { epochMs, nullable, oneOf, rowId, rowReference } from './policy-field-schemas.js'

export const POLICY_CREDENTIAL_KINDS = ['card', 'pin', 'entry-pass', 'phone', 'visitor'] as const
export type PolicyCredentialKind = (typeof POLICY_CREDENTIAL_KINDS)[number]

export const CREDENTIAL_STATUSES = ['active', 'revoked'] as const

/**
 * Something that identifies a person at a door, found by `lookupKey` (credential-lookup-key.ts).
 *
 * - `card`, `pin`: lookup keys `card:…`, `pin:…`.
 * - `entry-pass` (出入证): `pass:<number>`, held by `personId`. With `boundPhoneKeyId` set it is a
 *   digital pass: it is valid only when presented by that phone (the QR the phone signs names the
 *   key), and that phone key must belong to the same person and name this pass.
 * - `phone`: `phone:<keyId>`, one per enrolled phone key (see `phone-key`).
 * - `visitor`: a time-boxed pass a resident (`hostPersonId`) issued for their own building
 *   (`hostBuildingId`); any lookup key form (usually `visitor:<code>`); `validUntilMs` is required.
 *   It opens gates and the host building's doors only, without `access` rows.
 */
export const PolicyCredential = Type.Object(
  {
    id: rowId(),
    personId: rowReference('Whose credential it is (for a visitor pass: the visitor).'),
    kind: oneOf(POLICY_CREDENTIAL_KINDS, 'What sort of credential it is.'),
    lookupKey: Type.String({
      pattern: LOOKUP_KEY_PATTERN,
      minLength: 5,
      maxLength: LOOKUP_KEY_MAX_LENGTH,
      description: 'Normalised key the edge finds it by, e.g. "card:h10301:212:7041".',
    }),
    status: oneOf(CREDENTIAL_STATUSES, 'A revoked credential is refused with REVOKED.'),
    validFromMs: nullable(epochMs('Not valid before this instant; null: no start.')),
    validUntilMs: nullable(epochMs('Not valid from this instant on; null: no end.')),
    boundPhoneKeyId: nullable(rowReference('Entry pass only: the one phone key that may present it.')),
    hostPersonId: nullable(rowReference('Visitor pass only: the resident who invited the visitor.')),
    hostBuildingId: nullable(rowReference("Visitor pass only: the host's building, the one it opens.")),
  },
  { additionalProperties: false, description: 'A card, PIN, entry pass, phone or visitor pass.' },
)

export type PolicyCredential = Static<typeof PolicyCredential>
