import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Everything is served by the hub itself (no CDN): scripts, styles, fonts and API calls come
 * from 'self'; images may also be data: or blob: (photos being uploaded, QR codes drawn in the
 * page). No framing (clickjacking a door "open" button), no plugins, forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** An onRequest hook: security headers on every answer (routes may override, e.g. Cache-Control). */
export function securityHeaders(options: { readonly isHttps: boolean }) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('x-frame-options', 'DENY')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('cross-origin-opener-policy', 'same-origin')
    reply.header('cross-origin-resource-policy', 'same-origin')
    reply.header('x-request-id', request.id)
    // Answers carry personal data; no shared or browser cache keeps them unless a route says so.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
    if (options.isHttps) reply.header('strict-transport-security', 'max-age=31536000')
  }
}
