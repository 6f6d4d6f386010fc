import type { FieldOption, FieldSpec } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'
import type { PersonView } from './people-views.js'

export interface LandlordChoice {
  readonly id: string
  readonly displayName: string
}

/**
 * The fields of a person as the office fills them in: name, role, tie to the household, phone,
 * ID number, and for a tenant their landlord. `person` pre-fills them for an edit; a staff
 * member (no household) has no role or tie to choose.
 */
export function personFields(i18n: I18n, options: { readonly person?: PersonView; readonly isStaff: boolean; readonly landlords: readonly LandlordChoice[] }): FieldSpec[] {
  const { person, isStaff, landlords } = options
  const choices = (prefix: string, values: readonly string[]): FieldOption[] => values.map((value) => ({ value, label: i18n.t(`${prefix}${value}`) }))
  const fields: FieldSpec[] = [{ name: 'displayName', label: 'people.name', isRequired: true, maxLength: 64, value: person?.displayName ?? null }]
  if (!isStaff) {
    fields.push(
      { name: 'role', label: 'people.roleLabel', kind: 'select', isRequired: true, value: person?.role ?? 'resident', options: choices('people.role.', ['resident', 'tenant']) },
      { name: 'relation', label: 'people.relation', kind: 'select', isRequired: true, value: person?.relation ?? 'family', options: choices('people.relation.', ['owner', 'family', 'tenant']) },
    )
  }
  fields.push(
    // Phone and ID number are shown masked to most roles, so an edit never sends back what it read:
    // the current value is the placeholder, and only what is typed is changed.
    { name: 'phone', label: 'people.phone', kind: 'tel', maxLength: 32, hint: person === undefined ? 'people.phone.hint' : 'people.keepIfEmpty', ...(person?.phone != null && { placeholder: person.phone }) },
    { name: 'idNumber', label: 'people.idNumber', maxLength: 32, hint: person === undefined ? 'people.idNumber.hint' : 'people.keepIfEmpty', ...(person?.idNumber != null && { placeholder: person.idNumber }) },
  )
  if (!isStaff && landlords.length > 0) {
    fields.push({ name: 'landlordId', label: 'people.landlord', kind: 'select', value: person?.landlordId ?? null, options: landlords.map((landlord) => ({ value: landlord.id, label: landlord.displayName })) })
  }
  return fields
}
