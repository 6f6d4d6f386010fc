import { Type, type Static } from '@sinclair/typebox'
import { CREDENTIAL_STATUSES } from './policy-credential.js'
import { nullable, oneOf, rowId, rowReference } from './policy-field-schemas.js'

/** RFC 8032 §5.1.5: an Ed25519 public key is 32 bytes; standard padded base64 is 44 characters. */
export const ED25519_PUBLIC_KEY_BASE64_PATTERN = '^[A-Za-z0-9+/]{43}=$'

/**
 * The public key of an enrolled phone. The edge checks the QR codes the phone signs against it
 * (offline), then decides on the credential `phone:<id>`, or on the entry pass the QR names. The
 * id is the row key, e.g. "pk-" and the first 16 hex digits of SHA-256 of the key.
 */
export const PolicyPhoneKey = Type.Object(
  {
    id: rowId('Key id; the phone names it in every QR code it signs.'),
    personId: rowReference('The person the phone is enrolled for.'),
    publicKey: Type.String({
      pattern: ED25519_PUBLIC_KEY_BASE64_PATTERN,
      minLength: 44,
      maxLength: 44,
      description: 'Raw 32-byte Ed25519 public key, standard padded base64.',
    }),
    passCredentialId: nullable(rowReference('The digital entry pass this phone carries, if any.')),
    status: oneOf(CREDENTIAL_STATUSES, 'A revoked key (lost phone) is refused with REVOKED.'),
  },
  { additionalProperties: false, description: "An enrolled phone's Ed25519 public key." },
)

export type PolicyPhoneKey = Static<typeof PolicyPhoneKey>
