/** One message of the hub's live feed (GET /api/live): `access`, `alert`, `status`, `ready`, `reset`. */
export interface LiveMessage {
  readonly event: string
  readonly data: unknown
}

export type LiveState = 'live' | 'reconnecting'

/**
 * The hub's live feed over EventSource, which resumes by itself after a drop (Last-Event-ID):
 * listeners get every message and whether the feed is live, so a screen can say "reconnecting"
 * instead of silently showing old numbers.
 */
export class LiveFeed {
  #source: EventSource | null = null
  #state: LiveState = 'reconnecting'
  readonly #listeners = new Set<(message: LiveMessage) => void>()
  readonly #stateListeners = new Set<(state: LiveState) => void>()

  start(url = '/api/live'): void {
    if (this.#source !== null) return
    const source = new EventSource(url, { withCredentials: true })
    this.#source = source
    for (const event of ['access', 'alert', 'status', 'ready', 'reset']) {
      source.addEventListener(event, (message) => {
        let data: unknown = null
        try {
          data = JSON.parse((message as MessageEvent<string>).data)
        } catch {
          return
        }
        for (const listener of this.#listeners) listener({ event, data })
      })
    }
    source.addEventListener('open', () => this.#setState('live'))
    source.addEventListener('error', () => this.#setState('reconnecting'))
  }

  stop(): void {
    this.#source?.close()
    this.#source = null
  }

  onMessage(listener: (message: LiveMessage) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.#stateListeners.add(listener)
    return () => this.#stateListeners.delete(listener)
  }

  /** Whether the feed is connected now ('reconnecting' until the first connection opens). */
  get state(): LiveState {
    return this.#state
  }

  #setState(state: LiveState): void {
    this.#state = state
    for (const listener of this.#stateListeners) listener(state)
  }
}
