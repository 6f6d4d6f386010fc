/**
 * The session cookie, written by hand (no @fastify/cookie): HttpOnly (scripts cannot read it),
 * SameSite=Strict (browsers do not send it on requests started by another site), Path=/.
 *
 * `Secure` is set when the hub is served over HTTPS (config). It is off for plain HTTP because
 * browsers drop a Secure cookie set over http:// (Chrome and Firefox make an exception for
 * localhost only, Safari makes none), so a demo on http://localhost or a LAN address would never
 * stay signed in. With Secure on, the name carries the `__Host-` prefix, which browsers honour
 * only for a Secure, host-only, Path=/ cookie: a sibling subdomain cannot plant one.
 */
export function sessionCookieName(isSecure: boolean): string {
  return isSecure ? '__Host-gatehouse-session' : 'gatehouse-session'
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=')
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue
    const value = pair.slice(separator + 1).trim()
    return value === '' ? null : value
  }
  return null
}

/** A Set-Cookie value for the session; `maxAgeSeconds` 0 removes it. */
export function sessionCookieHeader(value: string, maxAgeSeconds: number, isSecure: boolean): string {
  const attributes = [`${sessionCookieName(isSecure)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`]
  if (isSecure) attributes.push('Secure')
  return attributes.join('; ')
}
