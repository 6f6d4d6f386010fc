import type { Clock, TimerHandle } from '../ports/clock.js'

interface Waiter<V> {
  readonly resolve: (value: V | undefined) => void
  readonly timer: TimerHandle
}

/**
 * Every request that expects a reply waits here, keyed by what the reply will carry, with a
 * timeout. A timeout resolves `undefined` (no reply is an expected outcome on a serial bus, not
 * an exception); `settle` hands the reply to whoever waits for that key.
 */
export class PendingReplies<K, V> {
  readonly #clock: Clock
  readonly #waiters = new Map<K, Waiter<V>>()

  constructor(clock: Clock) {
    this.#clock = clock
  }

  get size(): number {
    return this.#waiters.size
  }

  wait(key: K, timeoutMs: number): Promise<V | undefined> {
    this.#waiters.get(key)?.resolve(undefined)
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => {
        this.#waiters.delete(key)
        resolve(undefined)
      }, timeoutMs)
      this.#waiters.set(key, { resolve, timer })
    })
  }

  /** Returns false when nobody was waiting for this key (a late or unsolicited reply). */
  settle(key: K, value: V): boolean {
    const waiter = this.#waiters.get(key)
    if (waiter === undefined) return false
    this.#waiters.delete(key)
    this.#clock.clearTimeout(waiter.timer)
    waiter.resolve(value)
    return true
  }

  cancelAll(): void {
    for (const [key, waiter] of this.#waiters) {
      this.#clock.clearTimeout(waiter.timer)
      waiter.resolve(undefined)
      this.#waiters.delete(key)
    }
  }
}
