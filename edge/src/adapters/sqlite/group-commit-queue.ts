import type { Clock, TimerHandle } from '../../ports/clock.js'

export interface GroupCommitOptions {
  /** A batch this large is committed at once, without waiting for the end of the tick. */
  readonly maxBatchSize: number
  /** 0: commit on the next macrotask, so everything added in one tick shares one commit. */
  readonly maxBatchDelayMs: number
}

/**
 * Collects items and hands them to `commit` in batches: on the next macrotask (`setImmediate`,
 * after the promise callbacks of the current tick have run and added their items), after
 * `maxBatchDelayMs` on the injected clock, or at once when `maxBatchSize` items wait.
 */
export class GroupCommitQueue<T> {
  readonly #clock: Clock
  readonly #options: GroupCommitOptions
  readonly #commit: (batch: T[]) => void
  #waiting: T[] = []
  #timer: TimerHandle | undefined
  #immediate: NodeJS.Immediate | undefined

  constructor(clock: Clock, options: GroupCommitOptions, commit: (batch: T[]) => void) {
    this.#clock = clock
    this.#options = options
    this.#commit = commit
  }

  get size(): number {
    return this.#waiting.length
  }

  add(item: T): void {
    this.#waiting.push(item)
    if (this.#waiting.length >= this.#options.maxBatchSize) return this.flush()
    if (this.#timer !== undefined || this.#immediate !== undefined) return
    if (this.#options.maxBatchDelayMs <= 0) this.#immediate = setImmediate(() => this.flush())
    else this.#timer = this.#clock.setTimeout(() => this.flush(), this.#options.maxBatchDelayMs)
  }

  /** Commits whatever waits, now. */
  flush(): void {
    if (this.#immediate !== undefined) clearImmediate(this.#immediate)
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#immediate = undefined
    this.#timer = undefined
    const batch = this.#waiting
    if (batch.length === 0) return
    this.#waiting = []
    this.#commit(batch)
  }
}
