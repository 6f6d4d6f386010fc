type Json = Record<string, unknown>

export interface HubAnswer {
  readonly status: number
  /** The JSON body; null when empty or not JSON. */
  readonly body: Json | null
}

const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * One signed-in account at the hub's HTTP API, as a browser or the phone app uses it: the session
 * cookie from sign-in, and the CSRF token it returned on every unsafe request.
 */
export class HubSession {
  readonly #hubUrl: string
  readonly #username: string
  readonly #password: string
  #cookie: string | null = null
  #csrfToken: string | null = null

  constructor(hubUrl: string, username: string, password: string) {
    this.#hubUrl = hubUrl
    this.#username = username
    this.#password = password
  }

  get username(): string {
    return this.#username
  }

  /** POST /api/session; throws with the hub's answer when refused. */
  async signIn(): Promise<void> {
    const response = await fetch(`${this.#hubUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.#username, password: this.#password }),
    })
    const body = (await response.json().catch(() => null)) as Json | null
    const setCookie = response.headers.getSetCookie()[0]
    if (response.status !== 200 || setCookie === undefined || typeof body?.csrfToken !== 'string') {
      throw new Error(`sign-in as ${this.#username} refused: ${response.status} ${JSON.stringify(body)}`)
    }
    this.#cookie = setCookie.slice(0, setCookie.indexOf(';'))
    this.#csrfToken = body.csrfToken
  }

  /** Any request, signed in first (and again once if the session ended); the status is the caller's to check. */
  async request(method: string, path: string, body?: unknown): Promise<HubAnswer> {
    if (this.#cookie === null) await this.signIn()
    let answer = await this.#send(method, path, body)
    if (answer.status === 401) {
      await this.signIn()
      answer = await this.#send(method, path, body)
    }
    return answer
  }

  async #send(method: string, path: string, body: unknown): Promise<HubAnswer> {
    const headers: Record<string, string> = { cookie: this.#cookie ?? '' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (!SAFE_METHODS.has(method) && this.#csrfToken !== null) headers['x-csrf-token'] = this.#csrfToken
    const response = await fetch(`${this.#hubUrl}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) })
    const text = await response.text()
    let parsed: unknown = null
    try {
      parsed = text === '' ? null : JSON.parse(text)
    } catch {
      parsed = null
    }
    return { status: response.status, body: typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : null }
  }
}
