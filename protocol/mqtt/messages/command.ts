import { Type, type Static } from '@sinclair/typebox'
import {
  Actor,
  ed25519Signature,
  edgeId,
  identifier,
  literalUnion,
  schemaVersion,
  timestamp,
  uuid,
} from './field-schemas.js'

/**
 * UNLOCK: release for the door's configured pulse, then relock. HOLD_OPEN: stay unlocked until
 * RELEASE. LOCK: stay locked and refuse credentials until RELEASE. RELEASE: end HOLD_OPEN or LOCK.
 */
export const COMMAND_ACTIONS = ['UNLOCK', 'HOLD_OPEN', 'LOCK', 'RELEASE'] as const

export type CommandAction = (typeof COMMAND_ACTIONS)[number]

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
