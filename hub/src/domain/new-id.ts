import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const ID_PREFIX = /^[a-z][a-z0-9]{0,11}$/

/**
 * A fresh row id: `<prefix>-<12 random base32 characters>` (60 bits), e.g. `per-8k2m0q4x7w1z`.
 * Lowercase letters, digits and `-` only, so it is a valid protocol identifier and topic level.
 */
export function newId(prefix: string): string {
  if (!ID_PREFIX.test(prefix)) throw Object.assign(new Error(`bad id prefix ${JSON.stringify(prefix)}`), { code: 'BAD_ID_PREFIX' as const })
  const bytes = randomBytes(12)
  let suffix = ''
  for (const byte of bytes) suffix += ALPHABET[byte & 31]
  return `${prefix}-${suffix}`
}
