/**
 * One GPIO line as the rest of the edge sees it, whatever drives it: onoff on a Pi's header, the
 * simulator's door board, or a fake in tests. Levels are logical: an adapter applies
 * `isActiveLow` so that 1 always means "active" (relay coil energised, LED lit).
 */
export type PinLevel = 0 | 1

export interface GpioPin {
  read(): PinLevel
  write(level: PinLevel): void
  /** Calls `listener` on every change the pin's edge setting reports. Returns a function that stops it. */
  watch(listener: (level: PinLevel) => void): () => void
  /** Stops watching and frees the line; an output is driven to its safe level first. */
  release(): void
}

export type PinEdge = 'rising' | 'falling' | 'both'

export interface OutputPinRequest {
  /** Line number on the GPIO header's chip (BCM numbering on a Pi), not the sysfs number. */
  readonly line: number
  /**
   * The level the pin rests at: driven as the pin is opened, with no other level in between, and
   * again when it is released. For a lock relay this is the door's safe (locked) state.
   */
  readonly safeLevel: PinLevel
  readonly isActiveLow?: boolean
}

export interface InputPinRequest {
  readonly line: number
  readonly edge: PinEdge
  /** 0 disables debouncing; Wiegand needs 0 (a 50 µs pulse is shorter than any debounce). */
  readonly debounceMs: number
  readonly isActiveLow?: boolean
}

/** Opens pins; `main.ts` picks the implementation (onoff, the simulated door board, a fake). */
export interface GpioPinFactory {
  openOutput(request: OutputPinRequest): GpioPin
  openInput(request: InputPinRequest): GpioPin
}
