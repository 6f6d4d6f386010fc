import { decodeError, type DecodeError } from './decode-result.js'

/** Collects consecutive bytes that belong to no frame into one GARBAGE error. */
export class GarbageRun {
  readonly #bytes: Buffer
  readonly #unit: string
  readonly #errors: DecodeError[]
  #start = -1

  constructor(bytes: Buffer, unit: string, errors: DecodeError[]) {
    this.#bytes = bytes
    this.#unit = unit
    this.#errors = errors
  }

  add(position: number): void {
    if (this.#start < 0) this.#start = position
  }

  /** Reports the run that ends at `end`, if there is one. */
  flush(end: number): void {
    if (this.#start < 0) return
    const bytes = this.#bytes.subarray(this.#start, end)
    this.#errors.push(decodeError('GARBAGE', `${bytes.length} bytes outside any ${this.#unit}`, bytes))
    this.#start = -1
  }
}
