import { Type, type Static } from '@sinclair/typebox'
import { printableText } from '../mqtt/messages/field-schemas.js'
import { nullable, oneOf, rowId, rowReference } from './policy-field-schemas.js'

export const PERSON_ROLES = ['resident', 'tenant', 'staff', 'visitor'] as const
export type PersonRole = (typeof PERSON_ROLES)[number]

/**
 * Someone a credential belongs to. Only what a gate needs: the name and photo for the staff's
 * visual check, and the household and building that home observation and lockdown act on. No ID
 * numbers or phone numbers: those stay at the hub.
 */
export const PolicyPerson = Type.Object(
  {
    id: rowId(),
    displayName: printableText(64, 'Name shown on the kiosk screen, e.g. "张建国".'),
    role: oneOf(PERSON_ROLES, 'Staff may pass a sealed building; visitors are scoped to their host.'),
    householdId: nullable(rowReference('The household, for household-wide home observation.')),
    buildingId: nullable(rowReference('The building the person lives in, for building-wide observation.')),
    photoId: nullable(rowReference('Photo the kiosk shows for a visual check; null if none.')),
  },
  { additionalProperties: false, description: 'A resident, tenant, staff member or visitor.' },
)

export type PolicyPerson = Static<typeof PolicyPerson>
