/**
 * Phone numbers as a community office types them: a mainland mobile (11 digits, 1[3-9]…) or a
 * landline with its area code (0 + 2–3 digits + 7–8 digits). Full-width digits, spaces, hyphens,
 * parentheses and a +86 / 0086 prefix are accepted and dropped; the stored form is digits only.
 */
export type PhoneNumberResult =
  | { readonly ok: true; readonly phone: string }
  | { readonly ok: false; readonly code: 'BAD_PHONE'; readonly message: string }

const MOBILE = /^1[3-9][0-9]{9}$/
const LANDLINE = /^0[1-9][0-9]{1,2}[0-9]{7,8}$/

export function checkPhoneNumber(value: string): PhoneNumberResult {
  let digits = value.normalize('NFKC').replace(/[\s()（）-]/g, '')
  if (digits.startsWith('+86')) digits = digits.slice(3)
  else if (digits.startsWith('0086')) digits = digits.slice(4)
  if (MOBILE.test(digits) || LANDLINE.test(digits)) return { ok: true, phone: digits }
  return {
    ok: false,
    code: 'BAD_PHONE',
    message: 'a phone number is an 11-digit mobile (13x–19x) or a landline with its area code (010 12345678)',
  }
}

