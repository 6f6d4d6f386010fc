import { Type, type Static } from '@sinclair/typebox'
import { printableText } from '../mqtt/messages/field-schemas.js'
import { durationMs, nullable, oneOf, rowId, rowReference } from './policy-field-schemas.js'

export const DOOR_KINDS = ['gate', 'building'] as const
export type DoorKind = (typeof DOOR_KINDS)[number]

export const ANTI_PASSBACK_MODES = ['off', 'soft', 'hard'] as const
export type AntiPassbackMode = (typeof ANTI_PASSBACK_MODES)[number]

export const TEMPERATURE_ENFORCEMENTS = ['hard', 'soft'] as const
export type TemperatureEnforcement = (typeof TEMPERATURE_ENFORCEMENTS)[number]

/**
 * A door, or one lane of a split entrance, that this edge serves. A `gate` is on the compound's
 * perimeter (a visitor pass opens it); a `building` door belongs to `buildingId` (a visitor pass
 * opens it only for the host's building, a lockdown of the building seals it).
 */
export const PolicyDoor = Type.Object(
  {
    id: rowId(),
    name: printableText(64, 'Name shown to staff, e.g. "North gate, residents lane".'),
    kind: oneOf(DOOR_KINDS, '"gate" on the compound perimeter, or "building" for a building door.'),
    buildingId: nullable(rowReference('The building the door belongs to; null for a gate.')),
    antiPassback: oneOf(
      ANTI_PASSBACK_MODES,
      'Entering twice without leaving: "off", "soft" (granted and flagged) or "hard" (denied).',
    ),
    antiPassbackGroupId: rowReference('Doors of one group share the in/out state (one area, many doors).'),
    antiPassbackResetMs: nullable(durationMs('After this long the last direction is forgotten; null: never.')),
    isTemperatureRequired: Type.Boolean({ description: 'Entering needs a temperature measurement.' }),
    temperatureEnforcement: oneOf(
      TEMPERATURE_ENFORCEMENTS,
      '"hard": a fever is denied at once; "soft": the kiosk alerts and staff decide.',
    ),
    maxPolicyAgeMs: nullable(
      durationMs('While the hub is unreachable, refuse everyone once the policy is this old; null: never.'),
    ),
  },
  { additionalProperties: false, description: 'A door or lane served by this edge.' },
)

export type PolicyDoor = Static<typeof PolicyDoor>
