import { checkPhoneNumber } from '../../../../src/domain/people/phone-number.js'
import { checkResidentIdNumber } from '../../../../src/domain/people/resident-id-number.js'
import type { FormValues } from '../../../shared/form-view.js'

/**
 * The hub's own phone and ID number rules (hub/src/domain/people), run in the browser before
 * anything is sent: an 8-digit phone or a mistyped check digit is named at once, in the
 * reader's language (`error.BAD_PHONE`, `error.BAD_ID_NUMBER_CHECK_DIGIT` ...). The hub checks
 * again; this only saves a round trip.
 */
export function personalDataProblems(values: FormValues, fields: { readonly phone?: string; readonly idNumber?: string } = { phone: 'phone', idNumber: 'idNumber' }): Record<string, string> | null {
  const problems: Record<string, string> = {}
  const phone = fields.phone === undefined ? undefined : values[fields.phone]
  if (fields.phone !== undefined && typeof phone === 'string') {
    const checked = checkPhoneNumber(phone)
    if (!checked.ok) problems[fields.phone] = `error.${checked.code}`
  }
  const idNumber = fields.idNumber === undefined ? undefined : values[fields.idNumber]
  if (fields.idNumber !== undefined && typeof idNumber === 'string') {
    const checked = checkResidentIdNumber(idNumber)
    if (!checked.ok) problems[fields.idNumber] = `error.${checked.code}`
  }
  return Object.keys(problems).length === 0 ? null : problems
}

/** Hub refusals about a person's contact data, by the field they concern. */
export const PERSONAL_DATA_ERROR_FIELDS: Readonly<Record<string, string>> = {
  BAD_PHONE: 'phone',
  BAD_ID_NUMBER_FORMAT: 'idNumber',
  BAD_ID_NUMBER_CHECK_DIGIT: 'idNumber',
  BAD_ID_NUMBER_BIRTH_DATE: 'idNumber',
  DUPLICATE_ID_NUMBER: 'idNumber',
}
