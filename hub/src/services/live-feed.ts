import type { LedgerEventRecord } from '../domain/ledger/ledger-event-view.js'
import type { AlertChange } from '../ports/alert-store.js'

/** What dashboards see as it happens. Access items and alert raises carry their ledger cursor. */
export type LiveItem =
  | { readonly kind: 'access'; readonly record: LedgerEventRecord }
  | { readonly kind: 'alert'; readonly change: AlertChange }
  | {
      readonly kind: 'status'
      readonly edgeId: string
      readonly state: 'online' | 'offline'
      readonly policyVersion: number
      readonly journalBacklog: number
      readonly atMs: number
    }

export type LiveListener = (item: LiveItem) => void

export interface LiveFeedStats {
  readonly subscribers: number
  readonly published: number
  /** Subscribers dropped, by reason (SLOW_CLIENT, LISTENER_FAILED, ...). */
  readonly drops: Readonly<Record<string, number>>
}

/**
 * In-process fan-out from ingest to the live connections (SSE). Publishing is synchronous and
 * never blocks on a subscriber: each subscriber keeps its own bounded queue and is dropped when
 * it falls behind (see live-routes.ts); a listener that throws is removed and counted.
 */
export class LiveFeed {
  readonly #listeners = new Set<LiveListener>()
  readonly #drops = new Map<string, number>()
  #published = 0

  subscribe(listener: LiveListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  publish(item: LiveItem): void {
    this.#published++
    for (const listener of [...this.#listeners]) {
      try {
        listener(item)
      } catch {
        this.#listeners.delete(listener)
        this.countDrop('LISTENER_FAILED')
      }
    }
  }

  countDrop(reason: string): void {
    this.#drops.set(reason, (this.#drops.get(reason) ?? 0) + 1)
  }

  stats(): LiveFeedStats {
    return { subscribers: this.#listeners.size, published: this.#published, drops: Object.fromEntries(this.#drops) }
  }
}
