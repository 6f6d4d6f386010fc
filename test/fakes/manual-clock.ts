import type { Clock, TimerHandle } from '../../firmware-sim/src/clock.js'

interface PendingTimer {
  readonly handle: TimerHandle
  readonly dueAt: number
  readonly callback: () => void
}

/** A clock that moves only when a test says so; timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  #nowMs: number
  #timers: PendingTimer[] = []
  #nextId = 0

  constructor(startMs = 1_700_000_000_000) {
    this.#nowMs = startMs
  }

  now(): number {
    return this.#nowMs
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const handle = { id: ++this.#nextId }
    this.#timers.push({ handle, dueAt: this.#nowMs + Math.max(0, delayMs), callback })
    return handle
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.handle !== handle)
  }

  get pendingTimers(): number {
    return this.#timers.length
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.#nowMs + ms
    for (;;) {
      const next = this.#timers
        .filter((timer) => timer.dueAt <= target)
        .sort((a, b) => a.dueAt - b.dueAt || Number(a.handle.id) - Number(b.handle.id))[0]
      if (next === undefined) break
      this.#timers = this.#timers.filter((timer) => timer !== next)
      this.#nowMs = Math.max(this.#nowMs, next.dueAt)
      next.callback()
    }
    this.#nowMs = target
  }
}
