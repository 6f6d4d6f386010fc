/**
 * Field schemas shared by the MQTT messages. Every string has a maxLength and every string that
 * is not an enum has a pattern or is printable-only, so a hostile payload cannot smuggle control
 * characters into logs or grow memory past the schema's bounds.
 */
import { Type } from '@sinclair/typebox'
import { EDGE_ID_PATTERN } from '../topics.js'

/** Every message carries `v`; see "Versioning" in docs/mqtt-contract.md. */
export function schemaVersion() {
  return Type.Literal(1, { description: 'Schema version of this message.' })
}

/** Ids of edges, doors, devices, people and staff: lowercase, digits and `-`, as in topic levels. */
export function identifier(description: string) {
  return Type.String({ pattern: EDGE_ID_PATTERN, minLength: 1, maxLength: 63, description })
}

export function edgeId(description = 'The edge that published, or is addressed by, the message.') {
  return identifier(description)
}

/**
 * Lowercase so that de-duplication by id is a plain string comparison. Any RFC 4122/9562
 * version; edges use `crypto.randomUUID()` (version 4).
 */
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'

export function uuid(description: string) {
  return Type.String({ pattern: UUID_PATTERN, minLength: 36, maxLength: 36, description })
}

/** ISO-8601 in UTC as `Date.prototype.toISOString()` writes it (milliseconds optional). */
export const TIMESTAMP_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z$'

export function timestamp(description: string) {
  return Type.String({ pattern: TIMESTAMP_PATTERN, minLength: 20, maxLength: 24, description })
}

/** Free text for people: no C0 control characters or DEL, so it cannot forge log lines. */
export const PRINTABLE_PATTERN = '^[^\\u0000-\\u001F\\u007F]*$'

export function printableText(maxLength: number, description: string) {
  return Type.String({ pattern: PRINTABLE_PATTERN, minLength: 1, maxLength, description })
}

/** Non-negative integers that fit a JavaScript number exactly. */
export function count(description: string) {
  return Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description })
}

/** Per-edge journal sequence: 1, 2, 3, ... shared by access events and alarms. */
export function journalSequence() {
  return Type.Integer({
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    description: "Per-edge journal sequence number (shared by events and alarms); 1 for the edge's first entry.",
  })
}

export function policyVersion(minimum: 0 | 1, description: string) {
  return Type.Integer({ minimum, maximum: Number.MAX_SAFE_INTEGER, description })
}

export const SHA256_HEX_PATTERN = '^[0-9a-f]{64}$'

export function sha256Hex(description: string) {
  return Type.String({ pattern: SHA256_HEX_PATTERN, minLength: 64, maxLength: 64, description })
}

/** Standard base64 (RFC 4648 §4, padded) of a 64-byte Ed25519 signature (RFC 8032 §5.1.6). */
export const ED25519_SIGNATURE_BASE64_PATTERN = '^[A-Za-z0-9+/]{86}==$'

export function ed25519Signature(description: string) {
  return Type.String({ pattern: ED25519_SIGNATURE_BASE64_PATTERN, minLength: 88, maxLength: 88, description })
}

/** A stable upper-case error or reason code, as counted by `ErrorCounts`. */
export const CODE_PATTERN = '^[A-Z][A-Z0-9_]{0,47}$'

/** Someone (or something) acting through the hub or at the kiosk. */
export const Actor = Type.Object(
  {
    kind: literalUnion(['resident', 'staff', 'admin', 'system'], 'The role the actor acted in.'),
    id: identifier('The hub id of the person, or of the system component.'),
    name: Type.Optional(printableText(64, 'Display name as staff know it; staff acts are logged with it.')),
  },
  { additionalProperties: false, description: 'Who acted.' },
)

/** A string enum, written as a union of literals so the type is the union of the values. */
export function literalUnion<const T extends readonly string[]>(values: T, description: string) {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    { description },
  )
}

/** Named string formats, so the contract document states each pattern once. */
export const STRING_FORMATS: readonly { name: string; pattern: string; meaning: string }[] = [
  {
    name: 'id',
    pattern: EDGE_ID_PATTERN,
    meaning: 'An id of an edge, door, device, person or staff member; also safe as a topic level.',
  },
  {
    name: 'uuid',
    pattern: UUID_PATTERN,
    meaning: 'A UUID in lowercase (edges use version 4); compared as a plain string.',
  },
  {
    name: 'timestamp',
    pattern: TIMESTAMP_PATTERN,
    meaning: 'ISO-8601 UTC as Date.prototype.toISOString() writes it; milliseconds optional.',
  },
  { name: 'text', pattern: PRINTABLE_PATTERN, meaning: 'Free text without control characters.' },
  { name: 'sha256', pattern: SHA256_HEX_PATTERN, meaning: 'SHA-256 digest, lowercase hex.' },
  {
    name: 'signature',
    pattern: ED25519_SIGNATURE_BASE64_PATTERN,
    meaning: 'Ed25519 signature (64 bytes), standard padded base64.',
  },
  { name: 'code', pattern: CODE_PATTERN, meaning: 'A stable upper-case error or reason code.' },
]
