import type { Clock } from '../clock.js'

export type DoorBoardOutput = 'relay' | 'ledGreen' | 'ledRed' | 'buzzer'
export type DoorBoardInput = 'contact' | 'exitButton'
export type DoorBoardPin = DoorBoardOutput | DoorBoardInput
export type PinLevel = 0 | 1

export interface PinChange {
  readonly atMs: number
  readonly pin: DoorBoardPin
  readonly level: PinLevel
}

export type LockKind = 'fail-secure' | 'fail-safe'

const MAX_TRACE = 100_000

/**
 * A door wired to a Pi's GPIO header: lock relay (1 = coil energised), door contact (a reed
 * switch to ground with a pull-up: 0 = closed, 1 = open), exit button (0 = pressed), LEDs and
 * buzzer. Every level change is traced with its time, so a test can prove that a restart never
 * pulsed the relay.
 */
export class SimulatedDoorBoard {
  readonly #clock: Clock
  readonly #lockKind: LockKind
  readonly #levels: Record<DoorBoardPin, PinLevel> = {
    relay: 0,
    ledGreen: 0,
    ledRed: 0,
    buzzer: 0,
    contact: 0,
    exitButton: 1,
  }
  readonly #watchers = new Map<DoorBoardInput, Set<(level: PinLevel) => void>>()
  readonly trace: PinChange[] = []

  constructor(clock: Clock, lockKind: LockKind) {
    this.#clock = clock
    this.#lockKind = lockKind
  }

  /** Fail-secure strikes lock when unpowered; fail-safe maglocks lock while powered. */
  get isLocked(): boolean {
    return this.#lockKind === 'fail-secure' ? this.#levels.relay === 0 : this.#levels.relay === 1
  }

  get isDoorOpen(): boolean {
    return this.#levels.contact === 1
  }

  read(pin: DoorBoardPin): PinLevel {
    return this.#levels[pin]
  }

  /** The host drives an output. */
  write(pin: DoorBoardOutput, level: PinLevel): void {
    this.#set(pin, level)
  }

  /** The host watches an input for changes. Returns a function that stops watching. */
  watch(pin: DoorBoardInput, listener: (level: PinLevel) => void): () => void {
    const listeners = this.#watchers.get(pin) ?? new Set()
    listeners.add(listener)
    this.#watchers.set(pin, listeners)
    return () => listeners.delete(listener)
  }

  pressExitButton(): void {
    this.#set('exitButton', 0)
  }

  releaseExitButton(): void {
    this.#set('exitButton', 1)
  }

  /** Someone pushes the door open: allowed or forced, the board does not judge. */
  openDoor(): void {
    this.#set('contact', 1)
  }

  closeDoor(): void {
    this.#set('contact', 0)
  }

  /** Rising edges of the relay within a time window: the pulses a test must account for. */
  relayPulsesBetween(fromMs: number, toMs: number): number {
    return this.trace.filter((c) => c.pin === 'relay' && c.level === 1 && c.atMs >= fromMs && c.atMs <= toMs).length
  }

  #set(pin: DoorBoardPin, level: PinLevel): void {
    if (this.#levels[pin] === level) return
    this.#levels[pin] = level
    if (this.trace.length >= MAX_TRACE) this.trace.shift()
    this.trace.push({ atMs: this.#clock.now(), pin, level })
    if (pin === 'contact' || pin === 'exitButton') for (const listener of this.#watchers.get(pin) ?? []) listener(level)
  }
}
