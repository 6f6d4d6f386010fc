/**
 * The Chinese resident identity card number (居民身份证号码, GB 11643-1999): 18 characters —
 * 6-digit address code, 8-digit birth date YYYYMMDD, 3-digit sequence, and a check character
 * computed with ISO 7064 MOD 11-2 over the first 17 digits ('0'–'9' or 'X' for 10).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARACTERS = '10X98765432'

export type ResidentIdNumberProblem = 'BAD_ID_NUMBER_FORMAT' | 'BAD_ID_NUMBER_BIRTH_DATE' | 'BAD_ID_NUMBER_CHECK_DIGIT'

export type ResidentIdNumberResult =
  | { readonly ok: true; readonly idNumber: string }
  | { readonly ok: false; readonly code: ResidentIdNumberProblem; readonly message: string }

/** The check character for the first 17 digits (throws nothing; `null` when they are not 17 digits). */
export function residentIdCheckCharacter(first17: string): string | null {
  if (!/^[0-9]{17}$/.test(first17)) return null
  let sum = 0
  for (let index = 0; index < 17; index += 1) sum += Number(first17.charCodeAt(index) - 48) * WEIGHTS[index]!
  return CHECK_CHARACTERS[sum % 11]!
}

/**
 * Normalises (NFKC, trims, lower-case 'x' → 'X') and checks a resident ID number: format, a real
 * birth date, and the check character.
 */
export function checkResidentIdNumber(value: string): ResidentIdNumberResult {
  const idNumber = value.normalize('NFKC').trim().toUpperCase()
  if (!/^[0-9]{17}[0-9X]$/.test(idNumber)) {
    return { ok: false, code: 'BAD_ID_NUMBER_FORMAT', message: 'a resident ID number is 17 digits and a check digit or X' }
  }
  if (!isRealDate(idNumber.slice(6, 14))) {
    return { ok: false, code: 'BAD_ID_NUMBER_BIRTH_DATE', message: 'the birth date inside the ID number is not a real date' }
  }
  if (residentIdCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) {
    return { ok: false, code: 'BAD_ID_NUMBER_CHECK_DIGIT', message: 'the ID number check digit does not match (typo?)' }
  }
  return { ok: true, idNumber }
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  if (year < 1880 || month < 1 || month > 12 || day < 1) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
