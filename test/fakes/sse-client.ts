import http, { type IncomingMessage } from 'node:http'

export interface SseFrame {
  readonly id: string | null
  readonly event: string
  readonly data: unknown
}

/**
 * A minimal text/event-stream reader over node:http for tests: frames and comment lines as they
 * arrive, and promises for the next one that matches.
 */
export class SseClient {
  readonly frames: SseFrame[] = []
  readonly comments: string[] = []
  statusCode = 0
  isClosed = false
  #buffer = ''
  #response: IncomingMessage | undefined
  #request: http.ClientRequest | undefined
  readonly #waiters = new Set<() => void>()

  static connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient()
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        client.statusCode = response.statusCode ?? 0
        client.#response = response
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => client.#take(chunk))
        response.on('close', () => {
          client.isClosed = true
          client.#wake()
        })
        resolve(client)
      })
      client.#request = request
      request.on('error', reject)
    })
  }

  /** Stops reading (the socket fills up): a slow client. */
  pause(): void {
    this.#response?.pause()
  }

  close(): void {
    this.#request?.destroy()
  }

  /** Resolves with the first frame (already received or later) for which `matches` holds. */
  next(matches: (frame: SseFrame) => boolean, what = 'a frame'): Promise<SseFrame> {
    return this.#until(() => this.frames.find(matches), what)
  }

  /** Resolves once comment `text` has arrived `occurrence` times. */
  nextComment(text: string, occurrence = 1): Promise<string> {
    return this.#until(() => (this.comments.filter((comment) => comment === text).length >= occurrence ? text : undefined), `comment ${text}`)
  }

  closed(): Promise<true> {
    return this.#until(() => (this.isClosed ? true : undefined), 'the stream to close')
  }

  #until<T>(probe: () => T | undefined, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = probe()
        if (found !== undefined) {
          this.#waiters.delete(check)
          resolve(found)
        } else if (this.isClosed) {
          this.#waiters.delete(check)
          reject(new Error(`stream closed before ${what}`))
        }
      }
      this.#waiters.add(check)
      check()
    })
  }

  #take(chunk: string): void {
    this.#buffer += chunk
    let end = this.#buffer.indexOf('\n\n')
    while (end !== -1) {
      this.#parse(this.#buffer.slice(0, end))
      this.#buffer = this.#buffer.slice(end + 2)
      end = this.#buffer.indexOf('\n\n')
    }
    this.#wake()
  }

  #parse(block: string): void {
    let id: string | null = null
    let event = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim())
      else if (line.startsWith('id: ')) id = line.slice(4)
      else if (line.startsWith('event: ')) event = line.slice(7)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
    }
    if (data.length > 0) this.frames.push({ id, event, data: JSON.parse(data.join('\n')) })
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter()
  }
}
