import type { Clock, TimerHandle } from '../../edge/src/ports/clock.js'

interface WarpTimer {
  readonly handle: { readonly id: number }
  readonly dueAtMs: number
  readonly callback: () => void
  readonly real: NodeJS.Timeout
}

/**
 * Real time that a story can move forward at once: serial lines, polls and replies run on real
 * timers as with the system clock, and `advance(ms)` jumps ahead, firing at once (in due order)
 * every timer the jump passes. For the waits a person would sit through at a gate — a 15 s
 * measuring timeout, a 14-day home observation — without a test that sleeps.
 */
export class WarpClock implements Clock {
  readonly #timers = new Map<number, WarpTimer>()
  #offsetMs = 0
  #nextId = 0

  now(): number {
    return Date.now() + this.#offsetMs
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const handle = { id: ++this.#nextId }
    const waitMs = Math.max(0, delayMs)
    const real = setTimeout(() => {
      this.#timers.delete(handle.id)
      callback()
    }, waitMs)
    this.#timers.set(handle.id, { handle, dueAtMs: this.now() + waitMs, callback, real })
    return handle
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = this.#timers.get(handle.id as number)
    if (timer === undefined) return
    clearTimeout(timer.real)
    this.#timers.delete(timer.handle.id)
  }

  /** Jumps `ms` ahead; every timer due by then fires now, earliest first. */
  advance(ms: number): void {
    this.#offsetMs += ms
    const nowMs = this.now()
    for (;;) {
      let next: WarpTimer | undefined
      for (const timer of this.#timers.values()) {
        if (timer.dueAtMs <= nowMs && (next === undefined || timer.dueAtMs < next.dueAtMs)) next = timer
      }
      if (next === undefined) return
      this.clearTimeout(next.handle)
      next.callback()
    }
  }
}
