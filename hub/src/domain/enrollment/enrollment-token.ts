import { randomBytes } from 'node:crypto'

/** Lowercase base32 without i, l, o, u: nothing to confuse when read aloud or typed from paper. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const GROUPS = 5
const GROUP_LENGTH = 5
const TOKEN_LENGTH = GROUPS * GROUP_LENGTH
const NORMALIZED = new RegExp(`^[${ALPHABET}]{${TOKEN_LENGTH}}$`)

/**
 * A fresh enrollment token: 25 base32 characters (125 bits) in groups of five, e.g.
 * `k2m0q-4x7w1-zr8d3-...`. Short enough to type from a printout, strong enough that with a
 * one-time use and an expiry of hours nobody guesses one.
 */
export function newEnrollmentToken(): string {
  const bytes = randomBytes(TOKEN_LENGTH)
  let text = ''
  for (const [index, byte] of bytes.entries()) {
    if (index > 0 && index % GROUP_LENGTH === 0) text += '-'
    text += ALPHABET[byte & 31]
  }
  return text
}

/**
 * The canonical form of a typed or scanned token (lowercase, no dashes or spaces), or null when
 * it cannot be a token. Only the canonical form is hashed and stored.
 */
export function normalizeEnrollmentToken(text: string): string | null {
  if (text.length > 4 * TOKEN_LENGTH) return null
  const normalized = text.toLowerCase().replace(/[\s-]/g, '')
  return NORMALIZED.test(normalized) ? normalized : null
}
