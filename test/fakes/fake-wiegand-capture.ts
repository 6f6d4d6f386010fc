import type { WiegandEdge } from '../../edge/src/domain/wiegand-frame-assembler.js'
import type { WiegandCapture, WiegandCaptureFault, WiegandCaptureListener } from '../../edge/src/ports/wiegand-capture.js'

/** A capture a test drives by hand: `emit` delivers edges as one batch, `fail` reports a fault. */
export class FakeWiegandCapture implements WiegandCapture {
  readonly description = 'fake wiegand capture'
  #listener: WiegandCaptureListener | undefined
  stops = 0

  get isCapturing(): boolean {
    return this.#listener !== undefined
  }

  start(listener: WiegandCaptureListener): void {
    this.#listener = listener
  }

  async stop(): Promise<void> {
    this.#listener = undefined
    this.stops++
  }

  emit(edges: readonly WiegandEdge[]): void {
    this.#listener?.edges(edges)
  }

  fail(fault: WiegandCaptureFault): void {
    this.#listener?.fault(fault)
  }
}
