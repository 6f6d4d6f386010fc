/**
 * The hub's HTTP API as a browser session uses it, over real HTTP (fetch): the session cookie
 * from sign-in, and the CSRF token it returned on every unsafe request.
 */

type Json = Record<string, unknown>

export interface ApiReply<T = Json> {
  readonly status: number
  readonly body: T
}

const SAFE_METHODS = new Set(['GET', 'HEAD'])

export class HubApiClient {
  /** Where the hub answers, e.g. http://127.0.0.1:41234 (the same after a restart on the same port). */
  readonly baseUrl: string
  #cookie: string | null = null
  #csrfToken: string | null = null

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl
  }

  /** The Cookie header of the session, for clients of this session that are not fetch (SSE). */
  get cookieHeader(): Record<string, string> {
    return this.#cookie === null ? {} : { cookie: this.#cookie }
  }

  /** Signs in (POST /api/session): keeps the cookie and the CSRF token; throws unless 200. */
  async signIn(username: string, password: string): Promise<Json> {
    const response = await fetch(`${this.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    const body = (await response.json()) as Json
    if (response.status !== 200) throw new Error(`sign-in as ${username} refused: ${response.status} ${JSON.stringify(body)}`)
    const setCookie = response.headers.getSetCookie()[0]
    if (setCookie === undefined) throw new Error('sign-in set no cookie')
    this.#cookie = setCookie.slice(0, setCookie.indexOf(';'))
    this.#csrfToken = String(body.csrfToken)
    return body
  }

  /** Any request, JSON in and out; the status is the caller's to check. */
  async request<T = Json>(method: string, path: string, body?: unknown): Promise<ApiReply<T>> {
    const headers: Record<string, string> = { ...this.cookieHeader }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (!SAFE_METHODS.has(method) && this.#csrfToken !== null) headers['x-csrf-token'] = this.#csrfToken
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) })
    const text = await response.text()
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T }
  }

  /** A request that must answer `expected` (201 for POST, 200 otherwise); returns the body. */
  async expect<T = Json>(method: string, path: string, body?: unknown, expected = method === 'POST' ? 201 : 200): Promise<T> {
    const reply = await this.request<T>(method, path, body)
    if (reply.status !== expected) throw new Error(`${method} ${path}: ${reply.status}, expected ${expected}: ${JSON.stringify(reply.body)}`)
    return reply.body
  }
}
