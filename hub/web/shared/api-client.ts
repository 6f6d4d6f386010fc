/** An answer from the hub that was not a success: the stable code decides what the page says. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: readonly string[]
  readonly body: Readonly<Record<string, unknown>>

  constructor(status: number, code: string, message: string, details: readonly string[], body: Readonly<Record<string, unknown>>) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
    this.body = body
  }
}

export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>

/** The URL of an API path with its query string (empty values left out). */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue
    params.set(name, String(value))
  }
  const search = params.toString()
  return search === '' ? path : `${path}?${search}`
}

function errorOf(status: number, body: unknown): ApiError {
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null
  if (typeof error === 'object' && error !== null) {
    const fields = error as Record<string, unknown>
    const details = Array.isArray(fields.details) ? fields.details.filter((item): item is string => typeof item === 'string') : []
    return new ApiError(status, String(fields.code ?? 'HTTP_' + status), String(fields.message ?? ''), details, fields)
  }
  return new ApiError(status, status === 0 ? 'NETWORK' : `HTTP_${status}`, '', [], {})
}

/**
 * Talks to the hub's JSON API with the session cookie, sending the session's CSRF token on every
 * change. A network failure becomes ApiError code NETWORK (status 0), so pages say "no
 * connection" instead of failing silently. The hub is this page's own origin: its answers are
 * trusted as typed (the server validates its responses against the same schemas).
 */
export class ApiClient {
  csrfToken: string | null = null
  #onSignedOut: (() => void) | null = null

  /** Called when the hub answers 401 SIGN_IN_REQUIRED (the session ended). */
  onSignedOut(listener: () => void): void {
    this.#onSignedOut = listener
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', apiUrl(path, query))
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  put<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('PUT', path, body)
  }

  patch<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('PATCH', path, body)
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path)
  }

  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    // A Blob (a photo from the camera) goes as its own bytes with its own type; anything else as JSON.
    const isBytes = body instanceof Blob
    if (body !== undefined) headers['content-type'] = isBytes ? body.type || 'application/octet-stream' : 'application/json'
    if (method !== 'GET' && this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken
    let response: Response
    try {
      response = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? null : isBytes ? body : JSON.stringify(body) })
    } catch {
      throw new ApiError(0, 'NETWORK', 'no connection to the hub', [], {})
    }
    const text = await response.text()
    let parsed: unknown = null
    try {
      parsed = text === '' ? null : JSON.parse(text)
    } catch {
      parsed = null
    }
    if (!response.ok) {
      const error = errorOf(response.status, parsed)
      if (response.status === 401 && error.code === 'SIGN_IN_REQUIRED') this.#onSignedOut?.()
      throw error
    }
    return parsed as T
  }
}
