/** Something that runs work in one transaction (nested calls become savepoints). */
export interface Transactional {
  transaction<T>(work: () => T): T
}

/** One unit of work: its result, and what to do once it is committed. */
export type CommittedWork<R> = () => { readonly outcome: R; readonly after: () => void }

interface Waiting<R> {
  readonly work: CommittedWork<R>
  readonly resolve: (outcome: R) => void
  readonly reject: (error: unknown) => void
}

type Done<R> = { readonly ok: true; readonly outcome: R; readonly after: () => void } | { readonly ok: false; readonly error: unknown }

/**
 * Commits every unit of work submitted in the same turn of the event loop in one transaction
 * (with synchronous=FULL: one fsync for all of them) and settles each promise once that
 * transaction is durable. Each unit runs in its own savepoint, so one that fails is rolled back
 * and rejected alone; if the commit itself fails, every unit of the batch is rejected.
 */
export class GroupCommit<R> {
  readonly #store: Transactional
  #waiting: Waiting<R>[] = []
  #isScheduled = false

  constructor(store: Transactional) {
    this.#store = store
  }

  submit(work: CommittedWork<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ work, resolve, reject })
      if (this.#isScheduled) return
      this.#isScheduled = true
      // After the I/O callbacks of this turn, so a socket chunk's many publishes share one commit.
      setImmediate(() => this.#flush())
    })
  }

  #flush(): void {
    const batch = this.#waiting
    this.#waiting = []
    this.#isScheduled = false
    let done: Done<R>[]
    try {
      done = this.#store.transaction(() => batch.map((waiting) => this.#run(waiting.work)))
    } catch (error) {
      for (const waiting of batch) waiting.reject(error)
      return
    }
    batch.forEach((waiting, index) => {
      const result = done[index]
      if (result === undefined) return waiting.reject(new Error('group commit lost a result'))
      if (!result.ok) return waiting.reject(result.error)
      result.after()
      waiting.resolve(result.outcome)
    })
  }

  #run(work: CommittedWork<R>): Done<R> {
    try {
      return { ok: true, ...this.#store.transaction(work) }
    } catch (error) {
      return { ok: false, error }
    }
  }
}
