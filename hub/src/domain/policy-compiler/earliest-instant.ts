/**
 * The earliest of the instants offered after `afterMs`: when a compiled policy next changes by
 * the clock alone (an order ends, a rule starts, a revoked card leaves the retention period).
 */
export class EarliestInstant {
  readonly #afterMs: number
  #earliestMs: number | null = null

  constructor(afterMs: number) {
    this.#afterMs = afterMs
  }

  consider(atMs: number | null): void {
    if (atMs === null || atMs <= this.#afterMs) return
    if (this.#earliestMs === null || atMs < this.#earliestMs) this.#earliestMs = atMs
  }

  get earliestMs(): number | null {
    return this.#earliestMs
  }
}
