import http from 'node:http'
import https from 'node:https'
import { Value } from '@sinclair/typebox/value'
import { EnrollmentResponse } from '../../../protocol/enrollment/enrollment-response.js'

export interface EnrollmentRequestOptions {
  /** PEM of a private CA behind the hub's HTTPS certificate. */
  readonly ca: Buffer | null
  readonly timeoutMs: number
}

export type EnrollmentOutcome = { readonly ok: true; readonly response: EnrollmentResponse } | { readonly ok: false; readonly code: string; readonly message: string }

/** The largest answer read: a config with 16 doors is a few kilobytes. */
const MAX_RESPONSE_BYTES = 256 * 1024

function failed(code: string, message: string): EnrollmentOutcome {
  return { ok: false, code, message }
}

/** The hub's error body `{ error: { code, message } }`, if that is what `text` is. */
function hubError(text: string): { code: string; message: string } | null {
  try {
    const body: unknown = JSON.parse(text)
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
    return typeof error?.code === 'string' && typeof error.message === 'string' ? { code: error.code, message: error.message } : null
  } catch {
    return null
  }
}

function interpret(status: number, text: string): EnrollmentOutcome {
  if (status !== 200) {
    const error = hubError(text)
    return error === null ? failed('HUB_ERROR', `the hub answered HTTP ${status}`) : failed(error.code, error.message)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return failed('BAD_RESPONSE', 'the hub did not answer JSON')
  }
  if (!Value.Check(EnrollmentResponse, body)) {
    const problems = [...Value.Errors(EnrollmentResponse, body)].slice(0, 5).map((error) => `${error.path || '/'}: ${error.message}`)
    return failed('BAD_RESPONSE', `the hub's answer is not an enrollment: ${problems.join('; ')}`)
  }
  return { ok: true, response: body }
}

/**
 * Trades a one-time token for this edge's credential and draft config (`POST /api/enrollment`).
 * node:https rather than fetch, so a private CA can be given per request. No redirects are
 * followed: the token goes to the address the installer typed and nowhere else.
 */
export function requestEnrollment(hubUrl: string, token: string, options: EnrollmentRequestOptions): Promise<EnrollmentOutcome> {
  let url: URL
  try {
    url = new URL('/api/enrollment', hubUrl)
  } catch {
    return Promise.resolve(failed('BAD_HUB_URL', `not a URL: ${hubUrl}`))
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return Promise.resolve(failed('BAD_HUB_URL', `not an http(s) URL: ${hubUrl}`))
  const body = JSON.stringify({ token })
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'application/json' }
  return new Promise((resolve) => {
    const onResponse = (response: http.IncomingMessage) => {
      const chunks: Buffer[] = []
      let total = 0
      response.on('data', (chunk: Buffer) => {
        total += chunk.length
        if (total > MAX_RESPONSE_BYTES) return request.destroy(new Error('the hub answer is too large'))
        chunks.push(chunk)
      })
      response.on('end', () => resolve(interpret(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))))
    }
    const request =
      url.protocol === 'https:'
        ? https.request(url, { method: 'POST', headers, timeout: options.timeoutMs, ...(options.ca === null ? {} : { ca: options.ca }) }, onResponse)
        : http.request(url, { method: 'POST', headers, timeout: options.timeoutMs }, onResponse)
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)))
    request.on('error', (error) => resolve(failed('HUB_UNREACHABLE', `${url.origin}: ${error.message}`)))
    request.end(body)
  })
}
