import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * How a Prometheus scrape proves it may read /metrics, on the hub and the edge alike: an
 * `Authorization: Bearer <token>` header (Prometheus `authorization: { credentials_file }`),
 * whose SHA-256 is in the config. Only the hash is stored; a 256-bit random token cannot be
 * guessed however fast the hash, so a slow password hash would only cost every scrape.
 */
export const SCRAPE_TOKEN_SHA256_PATTERN = '^[0-9a-f]{64}$'

export function scrapeTokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** True when `authorization` is `Bearer <token>` (the scheme in any case, RFC 9110 §11.1) and the token hashes to `tokenSha256Hex`; constant time. */
export function isScrapeAuthorized(authorization: string | undefined, tokenSha256Hex: string): boolean {
  const match = /^Bearer ([!-~]{1,512})$/i.exec(authorization ?? '')
  const presented = createHash('sha256').update(match?.[1] ?? '', 'utf8').digest()
  const expected = Buffer.from(tokenSha256Hex, 'hex')
  if (expected.length !== presented.length) return false
  return timingSafeEqual(presented, expected) && match !== null
}
