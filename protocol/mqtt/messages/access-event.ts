import { Type, type Static } from '@sinclair/typebox'
import {
  Actor,
  edgeId,
  identifier,
  journalSequence,
  literalUnion,
  policyVersion,
  printableText,
  schemaVersion,
  timestamp,
  uuid,
} from './field-schemas.js'

/** Reasons that come with `granted: true`. */
export const GRANT_REASONS = ['GRANTED', 'MANUAL_OVERRIDE', 'MEDICAL_EXCEPTION'] as const

/**
 * Reasons that come with `granted: false`; the edge's `decideAccess` returns one of these.
 * DOOR_LOCKED_BY_COMMAND: staff locked the door with the LOCK command; it refuses every
 * credential until RELEASE.
 */
export const DENY_REASONS = [
  'UNKNOWN_CREDENTIAL',
  'REVOKED',
  'EXPIRED',
  'NOT_YET_VALID',
  'OUTSIDE_SCHEDULE',
  'DOOR_NOT_PERMITTED',
  'QUARANTINED',
  'BUILDING_LOCKDOWN',
  'DOOR_LOCKED_BY_COMMAND',
  'ANTI_PASSBACK',
  'PASS_HOLDER_MISMATCH',
  'VISITOR_SCOPE',
  'FEVER',
  'TEMPERATURE_REQUIRED',
  'POLICY_STALE',
  'CLOCK_UNTRUSTED',
  'REPLAYED',
] as const

export type GrantReason = (typeof GRANT_REASONS)[number]
export type DenyReason = (typeof DENY_REASONS)[number]

export const CREDENTIAL_KINDS = ['card', 'pass', 'pin', 'phone', 'qr', 'manual'] as const

/**
 * At most four visible characters after at least one `*`: "****1234", "****". The schema makes it
 * impossible to publish a full card, pass or phone number.
 */
export const MASKED_REFERENCE_PATTERN = '^[*]{1,28}[0-9A-Za-z]{0,4}$'

export const Credential = Type.Object(
  {
    kind: literalUnion(CREDENTIAL_KINDS, 'How the person identified themselves.'),
    maskedReference: Type.String({
      pattern: MASKED_REFERENCE_PATTERN,
      minLength: 1,
      maxLength: 32,
      description: 'The credential number masked to its last four characters at most, e.g. "****1234".',
    }),
  },
  { additionalProperties: false, description: 'The credential presented, masked.' },
)

export const AccessDecision = Type.Union(
  [
    Type.Object(
      {
        granted: Type.Literal(true, { description: 'The door opened (or would have).' }),
        reason: literalUnion(GRANT_REASONS, 'Why it was granted.'),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        granted: Type.Literal(false, { description: 'The door stayed shut.' }),
        reason: literalUnion(DENY_REASONS, 'Why it was denied.'),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'The outcome; the reason code must agree with `granted`.' },
)

export const TemperatureReading = Type.Object(
  {
    celsius: Type.Number({
      minimum: 20,
      maximum: 50,
      description: 'Calibrated, averaged reading in degrees Celsius.',
    }),
    isFever: Type.Boolean({ description: 'At or above the fever threshold after re-measuring.' }),
    remeasured: Type.Boolean({ description: 'A high first reading was measured again.' }),
  },
  { additionalProperties: false, description: 'The temperature check, when the door requires one.' },
)

/** One access attempt, granted or denied, committed to the edge journal before it is shown. */
export const AccessEvent = Type.Object(
  {
    v: schemaVersion(),
    id: uuid('Unique event id; the hub stores each id once.'),
    edgeId: edgeId(),
    seq: journalSequence(),
    occurredAt: timestamp('When the attempt was decided, by the edge clock.'),
    doorId: identifier('The door (or gate lane) where it happened.'),
    direction: literalUnion(['in', 'out'], 'Entering or leaving.'),
    lane: literalUnion(['residents', 'returnees', 'assisted', 'none'], 'The lane of a split entrance, or "none".'),
    credential: Credential,
    personId: Type.Optional(identifier('The person the credential belongs to, when known.')),
    decision: AccessDecision,
    temperature: Type.Optional(TemperatureReading),
    policyVersion: policyVersion(0, 'Policy version the decision was made with.'),
    actor: Type.Optional(Actor),
    note: Type.Optional(
      printableText(160, 'Why staff opened by hand, or what a staff temperature check found; never personal data.'),
    ),
  },
  { additionalProperties: false, description: 'One access attempt and its outcome.' },
)

export type AccessEvent = Static<typeof AccessEvent>
