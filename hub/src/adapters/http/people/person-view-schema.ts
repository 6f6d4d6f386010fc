import { oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { Type } from '@sinclair/typebox'
import type { Caller } from '../../../domain/caller.js'
import type { PersonViewer } from '../../../domain/people/mask-personal-data.js'
import type { PersonRepository } from '../../sqlite/people/person-repository.js'
import { nullableId, nullableInteger, nullableString } from './people-schemas.js'

export const PERSON_ROLE_VALUES = ['resident', 'tenant', 'staff', 'visitor'] as const
export const RELATION_VALUES = ['owner', 'tenant', 'family'] as const
export const PERSON_STATUS_VALUES = ['active', 'pending', 'moved-out'] as const

/** A person as the caller may see them (phone and ID number full, masked or null). */
export const PersonViewSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    role: oneOf(PERSON_ROLE_VALUES, 'What a gate treats them as.'),
    relation: Type.Union([oneOf(RELATION_VALUES, 'Tie to the household.'), Type.Null()]),
    status: oneOf(PERSON_STATUS_VALUES, 'pending: a declared tenant not yet verified.'),
    householdId: nullableId('Household.'),
    gridId: nullableId('Grid of the household.'),
    landlordId: nullableId('Landlord of a tenant.'),
    phone: Type.Union([Type.String(), Type.Null()], { description: 'Full, masked (138****5678) or null, by role.' }),
    idNumber: Type.Union([Type.String(), Type.Null()], { description: 'Masked (110***********1234) unless revealed.' }),
    photoId: nullableId('Current photo.'),
    buildingId: nullableId('Building of the household.'),
    buildingName: nullableString(),
    unitId: nullableId('Unit of the household.'),
    unitName: nullableString(),
    room: nullableString(),
    createdAtMs: Type.Integer(),
    updatedAtMs: nullableInteger(),
    visibility: oneOf(['identity', 'masked', 'contact', 'full'] as const, 'How much of the personal data the caller sees.'),
  },
  { additionalProperties: false },
)

/** The caller as the masking rules need them: a resident's own household is looked up. */
export function viewerOf(caller: Caller, persons: PersonRepository): PersonViewer {
  const householdId = caller.role === 'resident' && caller.personId !== null ? persons.householdOf(caller.personId) : null
  return { role: caller.role, gridId: caller.gridId, landlordId: caller.landlordId, personId: caller.personId, householdId }
}
