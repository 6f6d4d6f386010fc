import { Type, type Static } from '@sinclair/typebox'
import { printableText } from '../mqtt/messages/field-schemas.js'
import { epochMs, rowId, rowReference } from './policy-field-schemas.js'

/**
 * Leave for a person under home observation to go out (a hospital visit, dialysis), approved by
 * staff at the hub. It is a row of its own rather than a column of `observation` so that one
 * member of an observed household or building can be let out without lifting the order for the
 * others. A grant it enables is logged with reason MEDICAL_EXCEPTION and this row's id.
 */
export const PolicyMedicalException = Type.Object(
  {
    id: rowId(),
    personId: rowReference('Who may go out.'),
    startsAtMs: epochMs('From this instant.'),
    endsAtMs: epochMs('Until this instant (exclusive).'),
    approvedBy: printableText(64, 'Name of the staff member or doctor who approved it.'),
  },
  { additionalProperties: false, description: 'A medical exception to home observation.' },
)

export type PolicyMedicalException = Static<typeof PolicyMedicalException>
