import { decodeError, type DecodeError, type DecodeResult, type StreamDecoder } from '../../../../protocol/decode-result.js'
import type { WiegandEdge } from '../../domain/wiegand-frame-assembler.js'

/** Chip offsets of the two data lines, as passed to gpiomon. */
export interface WiegandLineOffsets {
  readonly d0: number
  readonly d1: number
}

export type GpiomonLineResult =
  | { readonly ok: true; readonly edge: WiegandEdge }
  | { readonly ok: false; readonly code: 'BAD_LINE' | 'UNKNOWN_OFFSET'; readonly message: string }

/** "<offset> <seconds>.<nanoseconds>": gpiomon v1 `-F '%o %s.%n'`, or v2 `-F '%o %S'`. */
const EVENT_LINE = /^(\d{1,4}) (\d{1,12})\.(\d{1,9})$/

/**
 * Parses one line of gpiomon output (without its newline). The part after the dot is a count of
 * nanoseconds, not a decimal fraction: gpiomon 1.6 prints `%n` with `%ld`, unpadded, so
 * "12.5000" is 12 s + 5000 ns, not 12.5 s; gpiomon 2 pads `%S` to nine digits, which parses the
 * same way. Never throws.
 */
export function parseGpiomonLine(text: string, offsets: WiegandLineOffsets): GpiomonLineResult {
  const match = EVENT_LINE.exec(text)
  if (match === null) return { ok: false, code: 'BAD_LINE', message: `not "<offset> <s>.<ns>": ${JSON.stringify(text.slice(0, 40))}` }
  const offset = Number(match[1])
  const line = offset === offsets.d0 ? 0 : offset === offsets.d1 ? 1 : null
  if (line === null) {
    return { ok: false, code: 'UNKNOWN_OFFSET', message: `offset ${offset} is neither D0 (${offsets.d0}) nor D1 (${offsets.d1})` }
  }
  return { ok: true, edge: { line, atMs: Number(match[2]) * 1000 + Number(match[3]) / 1e6 } }
}

const NEWLINE = 0x0a
/** The longest valid line is 4 + 1 + 12 + 1 + 9 characters; anything longer is not gpiomon's. */
export const GPIOMON_MAX_LINE_BYTES = 32

/**
 * Splits gpiomon's stdout into edges. Bounded: a line longer than GPIOMON_MAX_LINE_BYTES is
 * discarded as it arrives (LINE_TOO_LONG, then REJECTED_LINE_TAIL up to its newline), and a
 * partial line left when gpiomon stops is PARTIAL_TIMEOUT on `expire`. Every byte ends up in an
 * accepted line (`acceptedBytes`), an error's `discarded`, or the buffer.
 */
export class GpiomonEventDecoder implements StreamDecoder<WiegandEdge> {
  readonly #offsets: WiegandLineOffsets
  readonly #interByteTimeoutMs: number
  #line: number[] = []
  #isRejecting = false
  #lastByteAtMs = 0
  acceptedBytes = 0

  constructor(offsets: WiegandLineOffsets, interByteTimeoutMs = 1000) {
    this.#offsets = offsets
    this.#interByteTimeoutMs = interByteTimeoutMs
  }

  get bufferedBytes(): number {
    return this.#line.length
  }

  push(chunk: Uint8Array, nowMs: number): DecodeResult<WiegandEdge> {
    const errors = this.#expireStale(nowMs)
    const frames: WiegandEdge[] = []
    if (chunk.length === 0) return { frames, errors }
    this.#lastByteAtMs = nowMs
    const rejected: number[] = []
    for (const byte of chunk) {
      if (byte === NEWLINE) {
        this.#endLine(rejected, frames, errors)
      } else if (this.#isRejecting) {
        rejected.push(byte)
      } else if (this.#line.length >= GPIOMON_MAX_LINE_BYTES) {
        rejected.push(...this.#line, byte)
        this.#line = []
        this.#isRejecting = true
        errors.push(this.#tooLong(rejected, 'LINE_TOO_LONG'))
      } else {
        this.#line.push(byte)
      }
    }
    if (rejected.length > 0) errors.push(this.#tooLong(rejected, 'REJECTED_LINE_TAIL'))
    return { frames, errors }
  }

  expire(nowMs: number): DecodeResult<WiegandEdge> {
    return { frames: [], errors: this.#expireStale(nowMs) }
  }

  #endLine(rejected: number[], frames: WiegandEdge[], errors: DecodeError[]): void {
    if (this.#isRejecting) {
      rejected.push(NEWLINE)
      errors.push(this.#tooLong(rejected, 'REJECTED_LINE_TAIL'))
      this.#isRejecting = false
      return
    }
    const bytes = Buffer.from([...this.#line, NEWLINE])
    this.#line = []
    const result = parseGpiomonLine(bytes.subarray(0, -1).toString('latin1'), this.#offsets)
    if (result.ok) {
      this.acceptedBytes += bytes.length
      frames.push(result.edge)
    } else {
      errors.push(decodeError(result.code, result.message, bytes))
    }
  }

  /** Reports and empties `rejected`; the first report of a line carries its code, later ones the tail code. */
  #tooLong(rejected: number[], code: 'LINE_TOO_LONG' | 'REJECTED_LINE_TAIL'): DecodeError {
    const error = decodeError(code, `gpiomon line longer than ${GPIOMON_MAX_LINE_BYTES} bytes`, Buffer.from(rejected))
    rejected.length = 0
    return error
  }

  #expireStale(nowMs: number): DecodeError[] {
    if (nowMs - this.#lastByteAtMs < this.#interByteTimeoutMs) return []
    this.#isRejecting = false
    if (this.#line.length === 0) return []
    const stale = Buffer.from(this.#line)
    this.#line = []
    return [decodeError('PARTIAL_TIMEOUT', `partial gpiomon line of ${stale.length} bytes timed out`, stale)]
  }
}
