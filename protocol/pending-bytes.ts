import { decodeError, type DecodeError } from './decode-result.js'

/**
 * The bytes a resyncing decoder holds between chunks: at most one partial frame. A partial frame
 * whose last byte is older than the inter-byte timeout is expired as PARTIAL_TIMEOUT, on
 * `expireStale()` or before the next chunk is appended, so a frame never completes across silence.
 */
export class PendingBytes {
  readonly #interByteTimeoutMs: number
  readonly #unit: string
  #bytes: Buffer = Buffer.alloc(0)
  #lastByteAtMs = 0

  constructor(interByteTimeoutMs: number, unit: string) {
    this.#interByteTimeoutMs = interByteTimeoutMs
    this.#unit = unit
  }

  get length(): number {
    return this.#bytes.length
  }

  expireStale(nowMs: number): DecodeError[] {
    if (this.#bytes.length === 0 || nowMs - this.#lastByteAtMs < this.#interByteTimeoutMs) return []
    const stale = this.#bytes
    this.#bytes = Buffer.alloc(0)
    return [decodeError('PARTIAL_TIMEOUT', `partial ${this.#unit} of ${stale.length} bytes timed out`, stale)]
  }

  /** The held bytes followed by `chunk`: what the decoder scans next. */
  append(chunk: Uint8Array, nowMs: number): Buffer {
    this.#lastByteAtMs = nowMs
    return this.#bytes.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#bytes, chunk])
  }

  /** Holds on to what the scan did not consume (a copy, so the chunk can be freed). */
  keep(scanned: Buffer, consumed: number): void {
    this.#bytes = Buffer.from(scanned.subarray(consumed))
  }
}
