import https from 'node:https'
import { Readable, pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'

/** Statuses whose Response may not carry a body (Fetch standard, "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/**
 * GET over HTTPS trusting exactly `ca` (the community CA from enrollment), answered as a fetch
 * `Response`, for what global fetch cannot do: undici takes no per-request `ca`. As with
 * `fetch(url, { redirect: 'error' })`, a redirect rejects; a gzip body is decompressed as it
 * streams; `signal` aborts the request and the body.
 */
export function getWithCa(url: string, options: { readonly headers: Record<string, string>; readonly signal: AbortSignal; readonly ca: Buffer }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { headers: options.headers, ca: options.ca, signal: options.signal }, (incoming) => {
      const status = incoming.statusCode ?? 0
      if (status >= 300 && status < 400) {
        incoming.resume()
        return reject(new TypeError(`redirect refused: the hub answered HTTP ${status}`))
      }
      const headers = new Headers()
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
      }
      const isGzip = /\bgzip\b/i.test(headers.get('content-encoding') ?? '')
      const body = isGzip ? pipeline(incoming, createGunzip(), () => {}) : incoming
      const webBody = NULL_BODY_STATUSES.has(status) ? null : (Readable.toWeb(body) as ReadableStream<Uint8Array>)
      if (webBody === null) incoming.resume()
      resolve(new Response(webBody, { status, headers }))
    })
    request.on('error', reject)
  })
}
