import type { WiegandBit } from '../../../protocol/wiegand/wiegand-format.js'

export type WiegandDataLine = 0 | 1

/** One falling edge on a Wiegand data line: a low pulse on D0 is a 0, on D1 a 1. */
export interface WiegandEdge {
  readonly line: WiegandDataLine
  /**
   * When the edge happened, in ms on the capture's own timebase (the kernel's monotonic clock for
   * gpiomon, the host clock for onoff). Only differences between edges matter.
   */
  readonly atMs: number
}

export interface WiegandFrameAssemblerOptions {
  /** Silence between edges that ends a frame: Wiegand has no terminator (reference §2: 25–50 ms). */
  readonly frameGapMs: number
  /** Bits kept per frame; more than this and the excess is dropped and counted. */
  readonly maxBits: number
}

export interface WiegandBitFrame {
  readonly bits: readonly WiegandBit[]
  /** Bits beyond `maxBits` that were dropped: the frame is too long to be a card. */
  readonly droppedBits: number
  readonly firstEdgeAtMs: number
  readonly lastEdgeAtMs: number
}

/**
 * Turns falling edges into bit frames. A frame ends at the first gap of at least `frameGapMs`
 * between two edges (measured on the edges' own timestamps, so a busy event loop that delivers
 * them late cannot split a frame), or when the caller has seen that much silence and calls
 * `flush`. Pure and bounded: it holds at most `maxBits` bits.
 */
export class WiegandFrameAssembler {
  readonly #options: WiegandFrameAssemblerOptions
  #bits: WiegandBit[] = []
  #droppedBits = 0
  #firstEdgeAtMs = 0
  #lastEdgeAtMs = 0

  constructor(options: WiegandFrameAssemblerOptions) {
    this.#options = options
  }

  get pendingBits(): number {
    return this.#bits.length + this.#droppedBits
  }

  /** Adds edges in arrival order; returns the frames that gaps between them completed. */
  push(edges: readonly WiegandEdge[]): WiegandBitFrame[] {
    const frames: WiegandBitFrame[] = []
    for (const edge of edges) {
      if (this.pendingBits > 0 && edge.atMs - this.#lastEdgeAtMs >= this.#options.frameGapMs) {
        frames.push(this.#take())
      }
      if (this.pendingBits === 0) this.#firstEdgeAtMs = edge.atMs
      this.#lastEdgeAtMs = edge.atMs
      if (this.#bits.length < this.#options.maxBits) this.#bits.push(edge.line)
      else this.#droppedBits++
    }
    return frames
  }

  /** Ends the frame in progress (the caller saw the line go quiet); null when there is none. */
  flush(): WiegandBitFrame | null {
    return this.pendingBits === 0 ? null : this.#take()
  }

  #take(): WiegandBitFrame {
    const frame: WiegandBitFrame = {
      bits: this.#bits,
      droppedBits: this.#droppedBits,
      firstEdgeAtMs: this.#firstEdgeAtMs,
      lastEdgeAtMs: this.#lastEdgeAtMs,
    }
    this.#bits = []
    this.#droppedBits = 0
    return frame
  }
}
