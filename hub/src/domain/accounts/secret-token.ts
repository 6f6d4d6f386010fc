import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh random secret (session id, setup token): `byteCount` bytes as base64url. */
export function newSecretToken(byteCount = 32): string {
  return randomBytes(byteCount).toString('base64url')
}

/**
 * What the database keeps of a random secret: its SHA-256 in hex. A fast hash is right here
 * (unlike for passwords): 256 random bits cannot be guessed, however fast each guess is.
 */
export function secretTokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A token bound to `secret` for one `purpose` (HMAC-SHA256, base64url): the CSRF token of a session. */
export function derivedToken(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose, 'utf8').digest('base64url')
}

/** Constant-time string comparison (lengths may differ). */
export function secretsEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest()
  const right = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(left, right) && a.length === b.length
}

const TEMPORARY_PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/**
 * A one-time password an admin reads out or hands over on paper: 14 characters from an alphabet
 * without look-alikes (no 0/o, 1/l/i), about 69 bits. The account must replace it at sign-in.
 */
export function newTemporaryPassword(length = 14): string {
  let password = ''
  for (const byte of randomBytes(length * 2)) {
    // Rejection sampling keeps every character equally likely (31 does not divide 256).
    if (byte >= 248) continue
    password += TEMPORARY_PASSWORD_ALPHABET[byte % TEMPORARY_PASSWORD_ALPHABET.length]
    if (password.length === length) return password
  }
  return password + newTemporaryPassword(length - password.length)
}
