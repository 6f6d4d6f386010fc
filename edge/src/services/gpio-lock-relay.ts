import type { Clock, TimerHandle } from '../ports/clock.js'
import type { GpioPin, GpioPinFactory, PinLevel } from '../ports/gpio-pin.js'
import type { LockKind, LockRelay, LockRelayState } from '../ports/lock-relay.js'
import type { Logger } from '../ports/logger.js'

export interface GpioLockRelayConfig {
  readonly doorId: string
  /** Header line of the relay's input. */
  readonly line: number
  /**
   * fail-secure (a strike on the relay's NO contact) is locked with the coil off; fail-safe (a
   * maglock, also on the NO contact, so it is powered only while the coil is on) is locked with
   * the coil on and opens when the Pi loses power (reference §2, Mercury EP1502). The safe state is
   * the locked one, and the door rests in it.
   */
  readonly lockKind: LockKind
  /** Most Pi relay boards energise the coil when their input is low. */
  readonly isActiveLow: boolean
  /** Unlock time for a grant. */
  readonly pulseMs: number
  /** A pulse asked for longer than this is cut to it (a typo must not leave a door open). */
  readonly maxPulseMs?: number
}

const DEFAULT_MAX_PULSE_MS = 60_000
/** A relock that fails is tried again this soon: the door may be standing unlocked. */
const RELOCK_RETRY_MS = 100
/** While it keeps failing, one error line this often (with the count), not one per retry. */
const RELOCK_FAILURE_LOG_INTERVAL_MS = 10_000

/** An exceptional misuse (a pulse before start, a bad duration): a caller bug, with a stable code. */
export class LockRelayError extends Error {
  readonly code: 'RELAY_NOT_STARTED' | 'BAD_PULSE_MS'

  constructor(code: LockRelayError['code'], message: string) {
    super(message)
    this.name = 'LockRelayError'
    this.code = code
  }
}

/**
 * The lock relay on a GPIO line. Level 1 on the pin energises the coil (the pin applies
 * active-low), so locked = 0 for fail-secure and 1 for fail-safe. The pin is opened at its safe
 * level — the unlocked level is never written while starting — and every stop returns to it.
 */
export class GpioLockRelay implements LockRelay {
  readonly #gpio: GpioPinFactory
  readonly #clock: Clock
  readonly #log: Logger
  readonly #config: GpioLockRelayConfig
  #pin: GpioPin | undefined
  #state: LockRelayState = 'stopped'
  #relockTimer: TimerHandle | undefined
  #relockAtMs = 0
  /** Failed relock writes since the first of this run of failures, and when it was last logged. */
  #relockFailures = { count: 0, sinceMs: 0, loggedAtMs: Number.NEGATIVE_INFINITY }

  constructor(gpio: GpioPinFactory, clock: Clock, log: Logger, config: GpioLockRelayConfig) {
    this.#gpio = gpio
    this.#clock = clock
    this.#log = log
    this.#config = config
  }

  get state(): LockRelayState {
    return this.#state
  }

  get isUnlocked(): boolean {
    return this.#state === 'pulsing' || this.#state === 'held-open'
  }

  get #lockedLevel(): PinLevel {
    return this.#config.lockKind === 'fail-secure' ? 0 : 1
  }

  get #unlockedLevel(): PinLevel {
    return this.#config.lockKind === 'fail-secure' ? 1 : 0
  }

  start(): void {
    if (this.#pin !== undefined) return
    const { line, isActiveLow } = this.#config
    this.#pin = this.#gpio.openOutput({ line, safeLevel: this.#lockedLevel, isActiveLow })
    this.#state = 'locked'
    this.#log.info({ doorId: this.#config.doorId, line, lockKind: this.#config.lockKind }, 'lock relay at its safe state')
  }

  pulse(durationMs: number = this.#config.pulseMs): number {
    const pin = this.#startedPin()
    if (!Number.isFinite(durationMs) || durationMs <= 0) {
      throw new LockRelayError('BAD_PULSE_MS', `a pulse of ${durationMs} ms is not a positive duration`)
    }
    if (this.#state === 'held-open') return Number.POSITIVE_INFINITY
    const boundedMs = Math.min(durationMs, this.#config.maxPulseMs ?? DEFAULT_MAX_PULSE_MS)
    const relockAtMs = Math.max(this.#clock.now() + boundedMs, this.#state === 'pulsing' ? this.#relockAtMs : 0)
    this.#cancelRelock()
    pin.write(this.#unlockedLevel)
    this.#state = 'pulsing'
    this.#relockAtMs = relockAtMs
    this.#relockTimer = this.#clock.setTimeout(() => this.#relockAfterPulse(), relockAtMs - this.#clock.now())
    return relockAtMs
  }

  holdOpen(): void {
    const pin = this.#startedPin()
    this.#cancelRelock()
    pin.write(this.#unlockedLevel)
    this.#state = 'held-open'
  }

  release(): void {
    const pin = this.#startedPin()
    this.#cancelRelock()
    pin.write(this.#lockedLevel)
    this.#state = 'locked'
  }

  stop(): void {
    const pin = this.#pin
    if (pin === undefined) return
    this.#cancelRelock()
    this.#pin = undefined
    this.#state = 'stopped'
    try {
      pin.write(this.#lockedLevel)
    } finally {
      pin.release()
    }
  }

  #relockAfterPulse(): void {
    this.#relockTimer = undefined
    const pin = this.#pin
    if (pin === undefined) return
    try {
      pin.write(this.#lockedLevel)
      this.#state = 'locked'
      this.#relocked()
    } catch (error) {
      // The door may still be open: say so loudly and try again shortly rather than give up.
      this.#relockFailed(error)
      this.#relockTimer = this.#clock.setTimeout(() => this.#relockAfterPulse(), RELOCK_RETRY_MS)
    }
  }

  /** The first failure at once, then one line every RELOCK_FAILURE_LOG_INTERVAL_MS with the count. */
  #relockFailed(error: unknown): void {
    const nowMs = this.#clock.now()
    const failures = this.#relockFailures
    if (failures.count === 0) failures.sinceMs = nowMs
    failures.count++
    if (nowMs - failures.loggedAtMs < RELOCK_FAILURE_LOG_INTERVAL_MS) return
    const code = (error as NodeJS.ErrnoException).code ?? 'RELAY_WRITE_FAILED'
    const failingForMs = nowMs - failures.sinceMs
    this.#log.error({ doorId: this.#config.doorId, code, error: String(error), failedWrites: failures.count, failingForMs }, 'lock relay failed to relock; retrying')
    failures.loggedAtMs = nowMs
  }

  #relocked(): void {
    const failures = this.#relockFailures
    if (failures.count > 0) {
      this.#log.info({ doorId: this.#config.doorId, failedWrites: failures.count, failingForMs: this.#clock.now() - failures.sinceMs }, 'lock relay relocked')
    }
    this.#relockFailures = { count: 0, sinceMs: 0, loggedAtMs: Number.NEGATIVE_INFINITY }
  }

  #cancelRelock(): void {
    if (this.#relockTimer !== undefined) this.#clock.clearTimeout(this.#relockTimer)
    this.#relockTimer = undefined
  }

  #startedPin(): GpioPin {
    if (this.#pin === undefined) {
      throw new LockRelayError('RELAY_NOT_STARTED', `the lock relay of door ${this.#config.doorId} is not started`)
    }
    return this.#pin
  }
}
