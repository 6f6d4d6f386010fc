import { decodeError } from '../../../protocol/decode-result.js'
import { ErrorCounts } from '../../../protocol/error-counts.js'
import { toLeftJustifiedBytes } from '../../../protocol/wiegand/wiegand-bits.js'
import type { WiegandFormat } from '../../../protocol/wiegand/wiegand-format.js'
import { decodeWiegandFrame, DEFAULT_MIN_FRAME_BITS, type WiegandFrameErrorCode } from '../domain/decode-wiegand-frame.js'
import { maskTail } from '../domain/masking.js'
import { WiegandFrameAssembler, type WiegandBitFrame, type WiegandEdge } from '../domain/wiegand-frame-assembler.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { WiegandCapture, WiegandCaptureFault } from '../ports/wiegand-capture.js'

export interface WiegandReaderConfig {
  readonly readerId: string
  /** Tried in order; list the site's layout first (34-bit FC+card and 34-bit UID look alike). */
  readonly formats: readonly WiegandFormat[]
  /** Silence that ends a frame: 25–50 ms (reference §2); 30 ms as in onoff#191. */
  readonly frameGapMs: number
  readonly minFrameBits?: number
  readonly maxBits?: number
}

export const DEFAULT_WIEGAND_FRAME_GAP_MS = 30
const DEFAULT_MAX_BITS = 64

export type WiegandReaderEvent =
  | {
      readonly kind: 'WiegandCardRead'
      readonly readerId: string
      readonly format: string
      readonly facility: number | null
      readonly card: number
      readonly bitCount: number
      readonly atMs: number
    }
  | {
      readonly kind: 'WiegandFrameRejected'
      readonly readerId: string
      readonly code: WiegandFrameErrorCode
      readonly message: string
      readonly bitCount: number
      readonly atMs: number
    }
  | { readonly kind: 'WiegandCaptureFailed'; readonly readerId: string; readonly code: string; readonly message: string; readonly atMs: number }

/**
 * A Wiegand reader on GPIO: edges from a capture backend, framed on silence, decoded against the
 * configured formats. Bad frames are counted by code and reported, never thrown.
 */
export class WiegandReader {
  readonly #capture: WiegandCapture
  readonly #clock: Clock
  readonly #log: Logger
  readonly #config: WiegandReaderConfig
  readonly #assembler: WiegandFrameAssembler
  readonly badFrames = new ErrorCounts()
  cardsRead = 0
  #listener: ((event: WiegandReaderEvent) => void) | undefined
  #silenceTimer: TimerHandle | undefined
  #lastArrivalMs = 0
  #arrivals = 0

  constructor(capture: WiegandCapture, clock: Clock, log: Logger, config: WiegandReaderConfig) {
    this.#capture = capture
    this.#clock = clock
    this.#log = log
    this.#config = config
    this.#assembler = new WiegandFrameAssembler({
      frameGapMs: config.frameGapMs,
      maxBits: config.maxBits ?? DEFAULT_MAX_BITS,
    })
  }

  /** For health: the capture is running (gpiomon between restarts, onoff pins watched). */
  get isCapturing(): boolean {
    return this.#capture.isCapturing
  }

  get captureDescription(): string {
    return this.#capture.description
  }

  start(listener: (event: WiegandReaderEvent) => void): void {
    this.#listener = listener
    this.#capture.start({ edges: (edges) => this.#edges(edges), fault: (fault) => this.#fault(fault) })
  }

  async stop(): Promise<void> {
    if (this.#silenceTimer !== undefined) this.#clock.clearTimeout(this.#silenceTimer)
    this.#silenceTimer = undefined
    this.#listener = undefined
    await this.#capture.stop()
  }

  #edges(edges: readonly WiegandEdge[]): void {
    for (const frame of this.#assembler.push(edges)) this.#frame(frame)
    this.#lastArrivalMs = this.#clock.now()
    this.#arrivals++
    if (this.#silenceTimer === undefined) this.#watchSilence(this.#config.frameGapMs)
  }

  #watchSilence(delayMs: number): void {
    this.#silenceTimer = this.#clock.setTimeout(() => this.#silenceCheck(), delayMs)
  }

  /**
   * Silence on the host clock ends a frame, but a stalled event loop makes silence look longer
   * than it was: timers run before pending I/O, so the flush waits one more turn (a 0 ms timer)
   * and is dropped if edges arrived meanwhile; their own timestamps then decide the framing.
   */
  #silenceCheck(): void {
    this.#silenceTimer = undefined
    if (this.#assembler.pendingBits === 0) return
    const quietMs = this.#clock.now() - this.#lastArrivalMs
    if (quietMs < this.#config.frameGapMs) return this.#watchSilence(this.#config.frameGapMs - quietMs)
    const arrivals = this.#arrivals
    this.#silenceTimer = this.#clock.setTimeout(() => {
      this.#silenceTimer = undefined
      if (this.#arrivals !== arrivals) return this.#watchSilence(this.#config.frameGapMs)
      const frame = this.#assembler.flush()
      if (frame !== null) this.#frame(frame)
    }, 0)
  }

  #frame(frame: WiegandBitFrame): void {
    const result = decodeWiegandFrame(frame, this.#config.formats, this.#config.minFrameBits ?? DEFAULT_MIN_FRAME_BITS)
    const { readerId } = this.#config
    const atMs = this.#clock.now()
    if (result.ok) {
      this.cardsRead++
      this.#log.debug({ readerId, format: result.format.name, card: maskTail(String(result.card)) }, 'wiegand card read')
      const { facility, card, bitCount } = result
      this.#listener?.({ kind: 'WiegandCardRead', readerId, format: result.format.name, facility, card, bitCount, atMs })
      return
    }
    this.badFrames.add([decodeError(result.code, result.message, toLeftJustifiedBytes(frame.bits))])
    this.#log.warn({ readerId, code: result.code, bitCount: result.bitCount }, 'wiegand frame rejected')
    const { code, message, bitCount } = result
    this.#listener?.({ kind: 'WiegandFrameRejected', readerId, code, message, bitCount, atMs })
  }

  #fault(fault: WiegandCaptureFault): void {
    this.#log.error({ readerId: this.#config.readerId, ...fault }, 'wiegand capture fault')
    this.#listener?.({ kind: 'WiegandCaptureFailed', readerId: this.#config.readerId, ...fault, atMs: this.#clock.now() })
  }
}
