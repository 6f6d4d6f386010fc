/** Counts refused or dropped messages by stable code, for the status, metrics and tests. */
export class RefusalCounts {
  readonly #counts = new Map<string, number>()

  add(code: string): void {
    this.#counts.set(code, (this.#counts.get(code) ?? 0) + 1)
  }

  get(code: string): number {
    return this.#counts.get(code) ?? 0
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.#counts)
  }
}
