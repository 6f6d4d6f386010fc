/** The shortest password the hub accepts, in characters. */
export const MIN_PASSWORD_LENGTH = 10
/** The longest, so a megabyte "password" cannot keep scrypt busy. */
export const MAX_PASSWORD_LENGTH = 256

/**
 * What is wrong with a new password for `username`, as stable codes (empty when acceptable):
 * TOO_SHORT, TOO_LONG, SAME_AS_USERNAME, ONE_REPEATED_CHARACTER. Length counts characters, not
 * bytes, so a Chinese passphrase is measured as people read it.
 */
export function passwordPolicyViolations(password: string, username: string): string[] {
  const characters = [...password]
  const violations: string[] = []
  if (characters.length < MIN_PASSWORD_LENGTH) violations.push('TOO_SHORT')
  if (characters.length > MAX_PASSWORD_LENGTH) violations.push('TOO_LONG')
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) violations.push('SAME_AS_USERNAME')
  if (characters.length > 0 && new Set(characters).size === 1) violations.push('ONE_REPEATED_CHARACTER')
  return violations
}

const VIOLATION_TEXT: Readonly<Record<string, string>> = {
  TOO_SHORT: `password must have at least ${MIN_PASSWORD_LENGTH} characters`,
  TOO_LONG: `password must have at most ${MAX_PASSWORD_LENGTH} characters`,
  SAME_AS_USERNAME: 'password must not be the username',
  ONE_REPEATED_CHARACTER: 'password must not be one character repeated',
  SAME_AS_CURRENT: 'the new password must differ from the current one',
}

/** A sentence per violation code, for the error's `details`. */
export function describePasswordViolation(code: string): string {
  return VIOLATION_TEXT[code] ?? code
}
