/**
 * Deterministic random inputs for fuzz tests (mulberry32, so a failing seed can be replayed),
 * and a seeded uniform source for simulator noise.
 */
export class ByteFuzzer {
  #state: number

  constructor(seed: number) {
    this.#state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }

  bytes(length: number): Buffer {
    const bytes = Buffer.alloc(length)
    for (let i = 0; i < length; i++) bytes[i] = this.int(256)
    return bytes
  }

  /** Flips, inserts, deletes and duplicates a few bytes, or cuts the input short. */
  mutate(input: Uint8Array): Buffer {
    const bytes = [...input]
    const mutations = 1 + this.int(3)
    for (let i = 0; i < mutations; i++) {
      const at = this.int(bytes.length + 1)
      switch (this.int(5)) {
        case 0:
          if (at < bytes.length) bytes[at] = bytes[at]! ^ (1 << this.int(8))
          break
        case 1:
          bytes.splice(at, 0, this.int(256))
          break
        case 2:
          bytes.splice(at, 1 + this.int(3))
          break
        case 3:
          bytes.splice(at, 0, ...bytes.slice(at, at + 1 + this.int(6)))
          break
        default:
          bytes.length = Math.min(bytes.length, at)
      }
    }
    return Buffer.from(bytes)
  }

  /** Splits input into random chunks, single bytes included, as a serial port delivers them. */
  chunks(input: Buffer): Buffer[] {
    const chunks: Buffer[] = []
    let pos = 0
    while (pos < input.length) {
      const size = this.chance(0.3) ? 1 : 1 + this.int(16)
      chunks.push(input.subarray(pos, pos + size))
      pos += size
    }
    return chunks
  }
}
