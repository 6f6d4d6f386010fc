import type { DecodeError } from './decode-result.js'

/** Counts decode errors by their stable code, for health reports and metrics. */
export class ErrorCounts {
  readonly #counts = new Map<string, number>()

  add(errors: readonly DecodeError[]): void {
    for (const error of errors) this.#counts.set(error.code, (this.#counts.get(error.code) ?? 0) + 1)
  }

  get(code: string): number {
    return this.#counts.get(code) ?? 0
  }

  get total(): number {
    let sum = 0
    for (const count of this.#counts.values()) sum += count
    return sum
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.#counts)
  }
}
