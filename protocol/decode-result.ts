/**
 * The shape every byte-stream decoder in `protocol/` returns. Corruption is a value, not an
 * exception: callers count `errors` by `code` instead of losing them in a debug log.
 */
export interface DecodeError {
  /** Stable code to branch and count on, e.g. `BAD_CRC`, `GARBAGE`, `PARTIAL_TIMEOUT`. */
  readonly code: string
  readonly message: string
  /** The bytes that were discarded because of this error. */
  readonly discarded: Buffer
}

export interface DecodeResult<F> {
  readonly frames: F[]
  readonly errors: DecodeError[]
}

/**
 * A resyncing decoder over a byte stream. It never throws on input, and it holds at most a
 * bounded number of bytes. Time is passed in (protocol code never reads the clock) so that a
 * partial frame left on a silent line can be expired.
 */
export interface StreamDecoder<F> {
  push(chunk: Uint8Array, nowMs: number): DecodeResult<F>
  /** Discards a partial frame that has waited longer than the decoder's inter-byte timeout. */
  expire(nowMs: number): DecodeResult<F>
  readonly bufferedBytes: number
}

export function decodeError(code: string, message: string, discarded: Uint8Array): DecodeError {
  return { code, message, discarded: Buffer.from(discarded) }
}
