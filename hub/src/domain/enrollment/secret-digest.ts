import { createHash, timingSafeEqual } from 'node:crypto'

/** Longest secret (password or token) ever hashed: anything longer is refused unhashed. */
export const MAX_SECRET_BYTES = 256

/**
 * SHA-256 (hex) of a high-entropy secret the hub generated: an edge's MQTT password or an
 * enrollment token. Not for human-chosen passwords (those need a slow KDF, see m001).
 */
export function secretDigest(secret: string | Buffer): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** A digest of 32 zero bytes compared against when there is nothing to compare, so a miss costs what a hit costs. */
const NO_DIGEST = '0'.repeat(64)

/**
 * Whether `secret` hashes to `storedDigest` (hex), compared in constant time. `storedDigest`
 * null (no such edge or token) still hashes and compares, so timing does not tell a wrong
 * password from an unknown user.
 */
export function isSecretMatching(secret: string | Buffer, storedDigest: string | null): boolean {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret
  const isTooLong = bytes.length > MAX_SECRET_BYTES
  const given = Buffer.from(secretDigest(isTooLong ? Buffer.alloc(0) : bytes), 'hex')
  const expected = Buffer.from(storedDigest ?? NO_DIGEST, 'hex')
  if (expected.length !== given.length) return false
  return timingSafeEqual(given, expected) && storedDigest !== null && !isTooLong
}
