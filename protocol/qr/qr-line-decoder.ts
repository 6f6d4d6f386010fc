import { decodeError, type DecodeError, type DecodeResult, type StreamDecoder } from '../decode-result.js'
import { QR_LINE_MAX_LENGTH, isQrLineByte } from './qr-line.js'

export interface QrLineDecoderOptions {
  /** Longest accepted line in bytes, terminator excluded. */
  readonly maxLength?: number
  /** A partial line older than this on a silent line is discarded. */
  readonly interByteTimeoutMs?: number
}

const CR = 0x0d
const LF = 0x0a

interface Rejection {
  readonly code: 'LINE_TOO_LONG' | 'NON_PRINTABLE'
  isReported: boolean
}

/**
 * Splits a serial QR/barcode scanner's output into lines.
 *
 * - A line ends with CR, LF or a pair of them (CR LF, or LF CR): the second byte of a pair is
 *   absorbed, so a CR LF scanner yields no empty lines. Any other terminator with nothing before
 *   it is an EMPTY_LINE error (a stuck key or a misconfigured suffix, worth counting).
 * - Scanners in our setup are configured for plain ASCII, so a byte outside 0x20–0x7E rejects the
 *   whole line (NON_PRINTABLE); UTF-8 or GBK payloads are not supported.
 * - A line longer than `maxLength` is LINE_TOO_LONG. Memory stays bounded: a rejected line is
 *   never buffered; its bytes are reported as they arrive, the first push under the line's code
 *   and any later push (the rest of the same line, up to its terminator) as REJECTED_LINE_TAIL,
 *   so each bad line is counted once and every byte is still accounted for.
 * - After `interByteTimeoutMs` of silence a partial line is PARTIAL_TIMEOUT, a rejected line
 *   ends, and a following terminator no longer pairs with the one before the silence.
 */
export class QrLineDecoder implements StreamDecoder<string> {
  readonly #maxLength: number
  readonly #interByteTimeoutMs: number
  #line: number[] = []
  #rejection: Rejection | null = null
  /** The previous byte, when it ended a line and so may be the first half of a CR LF pair. */
  #pairableTerminator: number | null = null
  #lastByteAtMs = 0

  constructor(options: QrLineDecoderOptions = {}) {
    this.#maxLength = options.maxLength ?? QR_LINE_MAX_LENGTH
    this.#interByteTimeoutMs = options.interByteTimeoutMs ?? 50
  }

  get bufferedBytes(): number {
    return this.#line.length
  }

  push(chunk: Uint8Array, nowMs: number): DecodeResult<string> {
    const errors = this.#expireStale(nowMs)
    const frames: string[] = []
    if (chunk.length === 0) return { frames, errors }
    this.#lastByteAtMs = nowMs
    const rejected: number[] = []
    for (const byte of chunk) {
      if (byte === CR || byte === LF) {
        this.#endLine(byte, rejected, frames, errors)
      } else {
        this.#pairableTerminator = null
        this.#addByte(byte, rejected)
      }
    }
    if (this.#rejection !== null && rejected.length > 0) errors.push(this.#reportRejected(rejected))
    return { frames, errors }
  }

  expire(nowMs: number): DecodeResult<string> {
    return { frames: [], errors: this.#expireStale(nowMs) }
  }

  #addByte(byte: number, rejected: number[]): void {
    if (this.#rejection !== null) {
      rejected.push(byte)
      return
    }
    const code = !isQrLineByte(byte) ? 'NON_PRINTABLE' : this.#line.length >= this.#maxLength ? 'LINE_TOO_LONG' : null
    if (code === null) {
      this.#line.push(byte)
      return
    }
    this.#rejection = { code, isReported: false }
    for (const lineByte of this.#line) rejected.push(lineByte)
    rejected.push(byte)
    this.#line = []
  }

  #endLine(terminator: number, rejected: number[], frames: string[], errors: DecodeError[]): void {
    if (this.#pairableTerminator !== null && this.#pairableTerminator !== terminator) {
      this.#pairableTerminator = null
      return
    }
    this.#pairableTerminator = terminator
    if (this.#rejection !== null) {
      rejected.push(terminator)
      errors.push(this.#reportRejected(rejected))
      this.#rejection = null
      rejected.length = 0
    } else if (this.#line.length === 0) {
      errors.push(decodeError('EMPTY_LINE', 'terminator with no line before it', Buffer.from([terminator])))
    } else {
      frames.push(Buffer.from(this.#line).toString('latin1'))
      this.#line = []
    }
  }

  #reportRejected(bytes: number[]): DecodeError {
    const rejection = this.#rejection!
    const code = rejection.isReported ? 'REJECTED_LINE_TAIL' : rejection.code
    rejection.isReported = true
    const message =
      code === 'LINE_TOO_LONG'
        ? `line longer than ${this.#maxLength} bytes`
        : code === 'NON_PRINTABLE'
          ? 'line holds a byte outside printable ASCII 0x20–0x7E'
          : `rest of a line already rejected as ${rejection.code}`
    return decodeError(code, message, Buffer.from(bytes))
  }

  #expireStale(nowMs: number): DecodeError[] {
    if (nowMs - this.#lastByteAtMs < this.#interByteTimeoutMs) return []
    this.#pairableTerminator = null
    this.#rejection = null
    if (this.#line.length === 0) return []
    const stale = Buffer.from(this.#line)
    this.#line = []
    return [decodeError('PARTIAL_TIMEOUT', `partial line of ${stale.length} bytes timed out`, stale)]
  }
}
