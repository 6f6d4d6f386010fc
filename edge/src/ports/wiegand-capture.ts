import type { WiegandEdge } from '../domain/wiegand-frame-assembler.js'

export type { WiegandDataLine, WiegandEdge } from '../domain/wiegand-frame-assembler.js'

/**
 * Edge capture for a Wiegand reader wired to two GPIO inputs. A capture reports falling edges
 * only; framing and decoding happen above it (`WiegandFrameAssembler`, `decodeWiegandFrame`), so
 * both backends (gpiomon, onoff) share them.
 */
export interface WiegandCaptureFault {
  /** Stable code, e.g. GPIOMON_EXITED, GPIOMON_SPAWN_FAILED, BAD_LINE, WATCH_FAILED. */
  readonly code: string
  readonly message: string
}

export interface WiegandCaptureListener {
  edges(edges: readonly WiegandEdge[]): void
  fault(fault: WiegandCaptureFault): void
}

export interface WiegandCapture {
  /** For logs and health: "gpiomon gpiochip0 14 15", "onoff sysfs 526 527". */
  readonly description: string
  readonly isCapturing: boolean
  start(listener: WiegandCaptureListener): void
  stop(): Promise<void>
}
