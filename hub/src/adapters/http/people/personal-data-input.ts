import { maskIdNumber, maskPhone } from '../../../domain/people/mask-personal-data.js'
import { checkPhoneNumber } from '../../../domain/people/phone-number.js'
import { checkResidentIdNumber } from '../../../domain/people/resident-id-number.js'
import { invalid } from './people-errors.js'

/**
 * Normalises and checks a phone and an ID number as typed (undefined: not given; null: cleared).
 * Every problem is listed at once; the code is the first problem's (BAD_PHONE,
 * BAD_ID_NUMBER_CHECK_DIGIT ...).
 */
export function checkedPersonalData<P extends string | null | undefined, I extends string | null | undefined>(input: {
  readonly phone?: P
  readonly idNumber?: I
}): { phone: P; idNumber: I } {
  const problems: { code: string; message: string }[] = []
  let phone = input.phone as string | null | undefined
  let idNumber = input.idNumber as string | null | undefined
  if (typeof phone === 'string') {
    const checked = checkPhoneNumber(phone)
    if (checked.ok) phone = checked.phone
    else problems.push({ code: checked.code, message: `/phone ${checked.message}` })
  }
  if (typeof idNumber === 'string') {
    const checked = checkResidentIdNumber(idNumber)
    if (checked.ok) idNumber = checked.idNumber
    else problems.push({ code: checked.code, message: `/idNumber ${checked.message}` })
  }
  const first = problems[0]
  if (first !== undefined) throw invalid(first.code, 'invalid personal data', problems.map((problem) => problem.message))
  return { phone: phone as P, idNumber: idNumber as I }
}

/** For audit details: which contact data was set, masked (never the full values). */
export function maskedContact(phone: string | null | undefined, idNumber: string | null | undefined): Record<string, string | null> {
  const detail: Record<string, string | null> = {}
  if (phone !== undefined) detail['phone'] = phone === null ? null : maskPhone(phone)
  if (idNumber !== undefined) detail['idNumber'] = idNumber === null ? null : maskIdNumber(idNumber)
  return detail
}
