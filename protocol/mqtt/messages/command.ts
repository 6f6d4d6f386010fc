import { Type, type Static } from '@sinclair/typebox'
import {
  Actor,
  ed25519Signature,
  edgeId,
  identifier,
  literalUnion,
  printableText,
  schemaVersion,
  timestamp,
  uuid,
} from './field-schemas.js'

/**
 * UNLOCK: release for the door's configured pulse, then relock. HOLD_OPEN: stay unlocked until
 * RELEASE. LOCK: stay locked and refuse credentials until RELEASE. RELEASE: end HOLD_OPEN or LOCK.
 * CONFIRM_FEVER / CLEAR_FEVER: a staff member's contact-thermometer reading (`contactCelsius`)
 * decides the suspected fever the door's kiosk is waiting on (staff, admin and system only).
 */
export const COMMAND_ACTIONS = ['UNLOCK', 'HOLD_OPEN', 'LOCK', 'RELEASE', 'CONFIRM_FEVER', 'CLEAR_FEVER'] as const

export type CommandAction = (typeof COMMAND_ACTIONS)[number]

/** Actions that open the door: a staff member must say why (`reason`). */
export const OPENING_ACTIONS: readonly string[] = ['UNLOCK', 'HOLD_OPEN'] satisfies CommandAction[]

/** Actions that carry a contact-thermometer reading. */
export const STAFF_CHECK_ACTIONS: readonly string[] = ['CONFIRM_FEVER', 'CLEAR_FEVER'] satisfies CommandAction[]

/** Longest `reason`: it becomes the AccessEvent note, with room for the edge's own words. */
export const COMMAND_REASON_MAX_CHARS = 120

/**
 * A contact (clinical) thermometer reading outside this range is a mistyped or failed reading;
 * the edge's staff-check rule uses the same range.
 */
export const CONTACT_CELSIUS_RANGE = { min: 30, max: 45 } as const

/** At least 16 random bytes, base64url without padding (RFC 4648 §5). */
export const NONCE_PATTERN = '^[A-Za-z0-9_-]{22,64}$'

/** Maximum time from `issuedAt` to `expiresAt`. */
export const MAX_COMMAND_LIFETIME_MS = 30_000

const commandFields = {
  v: schemaVersion(),
  id: uuid('Command id; the reply carries the same id.'),
  edgeId: edgeId('The edge that must carry it out; any other edge replies WRONG_EDGE.'),
  doorId: identifier('The door to act on.'),
  action: literalUnion(COMMAND_ACTIONS, 'What to do with the door.'),
  actor: Actor,
  reason: Type.Optional(
    printableText(
      COMMAND_REASON_MAX_CHARS,
      'Why staff act by hand, e.g. "wheelchair user, assisted lane". Required when actor.kind is "staff" and action is UNLOCK or HOLD_OPEN (REASON_REQUIRED without it, or when it is only spaces); optional otherwise. Journalled as the AccessEvent note, with the actor. Never personal data beyond what staff would write in the gate log.',
    ),
  ),
  contactCelsius: Type.Optional(
    Type.Number({
      minimum: CONTACT_CELSIUS_RANGE.min,
      maximum: CONTACT_CELSIUS_RANGE.max,
      description:
        'CONFIRM_FEVER and CLEAR_FEVER only, and required there (READING_REQUIRED without it; INVALID with another action): the contact-thermometer reading in °C, one decimal, as read. It must agree with the action: at or above the site fever threshold confirms, below it clears (READING_CONTRADICTS_ACTION otherwise).',
    }),
  ),
  nonce: Type.String({
    pattern: NONCE_PATTERN,
    minLength: 22,
    maxLength: 64,
    description: 'Random, unique per command; the edge refuses a nonce it has seen (REPLAYED).',
  }),
  issuedAt: timestamp('When the hub issued it.'),
  expiresAt: timestamp('After this instant the edge refuses it (EXPIRED); at most 30 s after issuedAt.'),
}

/** A command before signing: what `commandSigningBytes` covers. */
export const UnsignedCommand = Type.Object(commandFields, {
  additionalProperties: false,
  description: 'A command without its signature.',
})

export type UnsignedCommand = Static<typeof UnsignedCommand>

/** A door command from the hub, signed with the hub's Ed25519 key. */
export const Command = Type.Object(
  {
    ...commandFields,
    signature: ed25519Signature('Ed25519 signature of the canonical form of every other field, base64.'),
  },
  { additionalProperties: false, description: 'A signed door command.' },
)

export type Command = Static<typeof Command>
