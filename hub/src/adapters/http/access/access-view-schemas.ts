import { Type } from '@sinclair/typebox'
import { identifier, printableText } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { POLICY_CREDENTIAL_KINDS } from '../../../../../protocol/policy/policy-credential.js'
import { ANTI_PASSBACK_MODES, DOOR_KINDS, TEMPERATURE_ENFORCEMENTS } from '../../../../../protocol/policy/policy-door.js'
import { OBSERVATION_SUBJECT_KINDS } from '../../../../../protocol/policy/policy-observation.js'
import { durationMs, epochMs, nullable, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { RULE_SUBJECT_KINDS, RULE_TARGET_KINDS } from '../../../domain/access/access-rule-check.js'
import { DOOR_LANES, FAIL_MODES } from '../../../domain/access/door-settings.js'
import { TIMED_ORDER_STATUSES } from '../../../domain/access/timed-order.js'
import { VISITOR_CODE_FORMS } from '../../../domain/access/visitor-pass-terms.js'

/**
 * What the access routes answer with. Field schemas come from the policy rows (protocol/policy),
 * so whatever the hub accepts also compiles into a valid edge policy.
 */
const id = (description: string) => identifier(description)
const nullableId = (description: string) => nullable(identifier(description))
const instant = (description: string) => epochMs(description)
const nullableInstant = (description: string) => nullable(epochMs(description))
const STATUSES = ['active', 'revoked'] as const

export const DoorViewSchema = Type.Object(
  {
    id: id('Door id, as in the edge config.'),
    edgeId: id('The edge that drives it.'),
    name: printableText(64, 'Name shown to staff.'),
    kind: oneOf(DOOR_KINDS, '"gate" on the perimeter or "building" door.'),
    buildingId: nullableId('Building of a building door; null for a gate.'),
    lane: nullable(oneOf(DOOR_LANES, 'Lane of a split entrance.')),
    failMode: oneOf(FAIL_MODES, 'Lock state without power.'),
    antiPassback: oneOf(ANTI_PASSBACK_MODES, 'Entering twice without leaving: off, soft (flagged), hard (denied).'),
    antiPassbackGroupId: id('Doors of one group share the in/out state.'),
    antiPassbackResetMs: nullable(durationMs('Forget the last direction after this long; null: never.')),
    isTemperatureRequired: Type.Boolean({ description: 'Entering needs a temperature measurement.' }),
    temperatureEnforcement: oneOf(TEMPERATURE_ENFORCEMENTS, 'hard: a fever is denied; soft: staff decide.'),
    maxPolicyAgeMs: nullable(durationMs('Refuse everyone once the policy is this old while offline; null: never.')),
    createdAtMs: instant('When it was created.'),
  },
  { description: 'A door or lane.' },
)

export const EdgeViewSchema = Type.Object(
  {
    id: id('Edge id: its MQTT identity.'),
    name: printableText(64, 'Name shown to staff.'),
    createdAtMs: instant('When it was created.'),
    doors: Type.Array(DoorViewSchema),
  },
  { description: 'An edge (a Pi at a gate or building door) and its doors.' },
)

export const DoorGroupViewSchema = Type.Object(
  { id: id('Group id.'), name: printableText(64, 'Group name.'), createdAtMs: instant('Created.'), doorIds: Type.Array(identifier('A member door.')) },
  { description: 'A named set of doors.' },
)

const windowText = () => Type.String({ minLength: 1, maxLength: 64, description: 'e.g. "mon-fri 07:00-22:00" (site local time).' })

export const ScheduleViewSchema = Type.Object(
  {
    id: id('Schedule id.'),
    name: printableText(64, 'Schedule name.'),
    windows: Type.Array(windowText(), { maxItems: 32 }),
    holidayWindows: Type.Array(windowText(), { maxItems: 32 }),
    createdAtMs: instant('Created.'),
  },
  { description: 'Weekly windows, and the windows on holidays.' },
)

export const HolidayViewSchema = Type.Object(
  { localDate: Type.String({ description: 'YYYY-MM-DD, site local date.' }), name: printableText(64, 'Holiday name.') },
  { description: 'A holiday of the community calendar.' },
)

export const AccessRuleViewSchema = Type.Object(
  {
    id: id('Rule id.'),
    subjectKind: oneOf(RULE_SUBJECT_KINDS, 'Who: a person, the people of a household/unit/building/grid, or a role.'),
    subjectId: id('Their id, or the role (resident, tenant, staff).'),
    targetKind: oneOf(RULE_TARGET_KINDS, 'Where: a door, a door group, every gate, a building, their own building.'),
    targetId: nullableId('The door, group or building; null for gates and own-building.'),
    scheduleId: nullableId('When; null: at any time.'),
    isLockdownExempt: Type.Boolean({ description: 'Staff only: passes a sealed building.' }),
    validFromMs: nullableInstant('Not before.'),
    validUntilMs: nullableInstant('Not from.'),
    createdAtMs: instant('Created.'),
  },
  { description: 'Who may pass where and when.' },
)

export const CredentialViewSchema = Type.Object(
  {
    id: id('Credential id.'),
    personId: id('Holder.'),
    personName: Type.String({ description: 'Holder name.' }),
    kind: oneOf(POLICY_CREDENTIAL_KINDS, 'card, pin, entry-pass, phone or visitor.'),
    maskedReference: Type.String({ description: 'What staff may see of it, e.g. "***7041"; a PIN shows nothing.' }),
    lookupKey: nullable(Type.String({ description: 'The full key, for admins (never a PIN), and a visitor code for its host.' })),
    status: oneOf(STATUSES, 'active or revoked.'),
    validFromMs: nullableInstant('Not valid before.'),
    validUntilMs: nullableInstant('Not valid from.'),
    boundPhoneKeyId: nullableId('Entry pass: the one phone that may present it.'),
    hostPersonId: nullableId('Visitor pass: the host.'),
    hostBuildingId: nullableId("Visitor pass: the host's building."),
    issuedAtMs: instant('Issued.'),
    issuedByAccountId: nullable(Type.String({ description: 'Who issued it.' })),
    revokedAtMs: nullableInstant('Revoked.'),
    revokedByAccountId: nullable(Type.String({ description: 'Who revoked it.' })),
    lastUsedAtMs: nullableInstant('Where it was last used: when.'),
    lastUsedDoorId: nullable(Type.String({ description: 'Where it was last used: the door.' })),
    lastUsedDoorName: nullable(Type.String({ description: "That door's name." })),
  },
  { description: 'A card, PIN, entry pass, phone credential or visitor pass.' },
)

export const PhoneKeyViewSchema = Type.Object(
  {
    id: id('Key id ("pk-" + 16 hex digits): the phone names it in its QR codes.'),
    personId: id('Whose phone.'),
    publicKey: Type.String({ description: 'Raw Ed25519 public key, base64.' }),
    passCredentialId: nullableId('The entry pass this phone carries.'),
    status: oneOf(STATUSES, 'active, or revoked (lost phone).'),
    label: nullable(Type.String({ description: 'e.g. "Zhang’s Android".' })),
    enrolledAtMs: instant('Registered.'),
    revokedAtMs: nullableInstant('Revoked.'),
    credentialId: nullableId("The phone's own credential (phone:<id>)."),
  },
  { description: 'An enrolled phone key.' },
)

const timedStatus = () => oneOf(TIMED_ORDER_STATUSES, 'upcoming, in-force, ended, ended-early (now, by the hub clock).')
const daysLeft = () => Type.Integer({ minimum: 0, description: 'Whole days until it lifts, rounded up; 0 once over.' })

export const ObservationOrderViewSchema = Type.Object(
  {
    id: id('Order id.'),
    subjectKind: oneOf(OBSERVATION_SUBJECT_KINDS, 'person, household or building.'),
    subjectId: id('Who is observed.'),
    startsAtMs: instant('In force from.'),
    endsAtMs: instant('Release date (lifts by itself then).'),
    reason: Type.String(),
    createdByAccountId: Type.String({ description: 'Who placed it.' }),
    createdAtMs: instant('Placed.'),
    releasedEarlyAtMs: nullableInstant('Released early at.'),
    status: timedStatus(),
    daysLeft: daysLeft(),
  },
  { description: 'A home observation order.' },
)

export const MedicalExceptionViewSchema = Type.Object(
  {
    id: id('Exception id.'),
    personId: id('Who may go out.'),
    startsAtMs: instant('From.'),
    endsAtMs: instant('Until (exclusive).'),
    approvedBy: Type.String({ description: 'Staff member or doctor who approved it.' }),
    reason: Type.String(),
    createdAtMs: instant('Granted.'),
    status: timedStatus(),
  },
  { description: 'Leave from home observation for one person.' },
)

export const LockdownViewSchema = Type.Object(
  {
    id: id('Lockdown id.'),
    buildingId: id('The sealed building.'),
    startsAtMs: instant('Sealed from.'),
    endsAtMs: instant('Reopens at.'),
    reason: Type.String(),
    createdByAccountId: Type.String({ description: 'Who sealed it.' }),
    createdAtMs: instant('Sealed.'),
    liftedEarlyAtMs: nullableInstant('Lifted early at.'),
    status: timedStatus(),
    daysLeft: daysLeft(),
  },
  { description: 'A sealed building.' },
)

export const VisitorPassViewSchema = Type.Object(
  {
    id: id('The pass (credential) id.'),
    visitorPersonId: id('The visitor.'),
    visitorName: Type.String(),
    hostPersonId: id('The resident who invited them.'),
    hostBuildingId: id('The one building it opens, besides the gates.'),
    validFromMs: instant('From.'),
    validUntilMs: instant('Until.'),
    status: oneOf(STATUSES, 'active or revoked.'),
    codeForm: oneOf(VISITOR_CODE_FORMS, 'qr: show the code as a QR; keypad: type it on the reader.'),
    code: nullable(Type.String({ description: 'The code, for the host and admins; null for others.' })),
    qrText: nullable(Type.String({ description: 'What the pass\'s QR code encodes (GHV1.<code>, read by the kiosks\' scanners), for those who see the code; null for keypad passes and others.' })),
    issuedAtMs: instant('Issued.'),
    revokedAtMs: nullableInstant('Revoked.'),
    lastUsedAtMs: nullableInstant('Last used.'),
    lastUsedDoorName: nullable(Type.String({ description: 'Where it was last used.' })),
  },
  { description: 'A time-boxed visitor pass.' },
)
