/**
 * Closed while another connection holds the edge database's write lock for a long transaction
 * (a full policy snapshot applied by the snapshot worker). SQLite lets one writer in at a time
 * and its busy handler waits synchronously, so a writer on the main thread would stall the event
 * loop for the whole apply: instead the journal holds its commits until the gate opens (a grant
 * still waits for its journal entry before the relay moves) and the policy store holds its
 * recorded passages.
 */
export class WriteGate {
  #waiters: (() => void)[] = []
  #isOpen = true

  get isOpen(): boolean {
    return this.#isOpen
  }

  close(): void {
    this.#isOpen = false
  }

  open(): void {
    this.#isOpen = true
    for (const wake of this.#waiters.splice(0)) wake()
  }

  /** Resolves once the gate is open (at once if it is). */
  whenOpen(): Promise<void> {
    if (this.#isOpen) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }
}
