/**
 * A door's lock as the decision path drives it. A GPIO relay implements it (`GpioLockRelay`); an
 * OSDP door controller's output could too. Whatever the wiring, "locked" is the door's safe state
 * and every stop returns to it.
 */
export type LockKind = 'fail-secure' | 'fail-safe'

export type LockRelayState = 'stopped' | 'locked' | 'pulsing' | 'held-open'

export interface LockRelay {
  readonly state: LockRelayState
  readonly isUnlocked: boolean
  /** Drives the safe (locked) state before anything else; never unlocks, not even for an instant. */
  start(): void
  /**
   * Unlocks for `durationMs` (the configured pulse when omitted), then locks again. A pulse during
   * a pulse extends it; a pulse while held open changes nothing. Returns when it will lock again
   * (ms since the epoch; Infinity while held open).
   */
  pulse(durationMs?: number): number
  /** Unlocks until `release()` or `stop()`, e.g. staff opening the assisted lane. */
  holdOpen(): void
  /** Ends a pulse or a hold-open now: back to the safe state. */
  release(): void
  /**
   * Safe state, then frees the pin. Safe to call twice. A lock driven by a command (an OSDP
   * controller's output) returns a promise that settles once that command was answered or failed.
   */
  stop(): void | Promise<void>
}
