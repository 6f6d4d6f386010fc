import type { DoorInputEvent } from '../domain/door-events.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { GpioPin, GpioPinFactory, PinLevel } from '../ports/gpio-pin.js'

export interface DoorContactWiring {
  readonly line: number
  /**
   * The level read while the door is open. A normally-closed reed switch to ground with a
   * pull-up reads 0 closed and 1 open (and 1 when a wire is cut, which then reads as open).
   */
  readonly openLevel: PinLevel
  readonly debounceMs: number
}

export interface ExitButtonWiring {
  readonly line: number
  /** The level read while the button is pressed; 0 for a button to ground with a pull-up. */
  readonly pressedLevel: PinLevel
  readonly debounceMs: number
}

export interface GpioDoorInputsConfig {
  readonly doorId: string
  readonly contact?: DoorContactWiring
  readonly exitButton?: ExitButtonWiring
}

/** One debounced input: reports a level only after it has held still for `debounceMs`. */
class DebouncedInput {
  readonly #pin: GpioPin
  readonly #clock: Clock
  readonly #debounceMs: number
  readonly #onStable: (level: PinLevel) => void
  #stableLevel: PinLevel = 0
  #timer: TimerHandle | undefined
  #unwatch: (() => void) | undefined

  constructor(pin: GpioPin, clock: Clock, debounceMs: number, onStable: (level: PinLevel) => void) {
    this.#pin = pin
    this.#clock = clock
    this.#debounceMs = debounceMs
    this.#onStable = onStable
  }

  get stableLevel(): PinLevel {
    return this.#stableLevel
  }

  start(): void {
    this.#stableLevel = this.#pin.read()
    this.#unwatch = this.#pin.watch(() => this.#changed())
  }

  stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#unwatch?.()
    this.#pin.release()
  }

  #changed(): void {
    if (this.#debounceMs <= 0) return this.#settle()
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = this.#clock.setTimeout(() => this.#settle(), this.#debounceMs)
  }

  /** Reads the pin rather than trusting the last edge: a bounce may have hidden one. */
  #settle(): void {
    this.#timer = undefined
    const level = this.#pin.read()
    if (level === this.#stableLevel) return
    this.#stableLevel = level
    this.#onStable(level)
  }
}

/**
 * The door contact and exit button on GPIO, debounced here (with the injected clock, so the same
 * code runs on onoff, the door board and fakes), reported as DoorOpened / DoorClosed /
 * ExitRequested. Pins are opened with no debounce of their own.
 */
export class GpioDoorInputs {
  readonly #gpio: GpioPinFactory
  readonly #clock: Clock
  readonly #config: GpioDoorInputsConfig
  #contact: DebouncedInput | undefined
  #exitButton: DebouncedInput | undefined

  constructor(gpio: GpioPinFactory, clock: Clock, config: GpioDoorInputsConfig) {
    this.#gpio = gpio
    this.#clock = clock
    this.#config = config
  }

  /** Undefined without a contact or before start. */
  get isDoorOpen(): boolean | undefined {
    const contact = this.#config.contact
    if (contact === undefined || this.#contact === undefined) return undefined
    return this.#contact.stableLevel === contact.openLevel
  }

  start(listener: (event: DoorInputEvent) => void): void {
    if (this.#contact !== undefined || this.#exitButton !== undefined) return
    try {
      this.#openInputs(listener)
    } catch (error) {
      this.stop()
      throw error
    }
    for (const input of this.#opened()) input.start()
    const { doorId } = this.#config
    if (this.isDoorOpen === true) listener({ kind: 'DoorOpened', doorId, atMs: this.#clock.now(), isAtStart: true })
  }

  stop(): void {
    for (const input of this.#opened()) input.stop()
    this.#contact = undefined
    this.#exitButton = undefined
  }

  #opened(): DebouncedInput[] {
    return [this.#contact, this.#exitButton].filter((input) => input !== undefined)
  }

  #openInputs(listener: (event: DoorInputEvent) => void): void {
    const { doorId, contact, exitButton } = this.#config
    if (contact !== undefined) {
      this.#contact = this.#open(contact.line, contact.debounceMs, (level) => {
        const kind = level === contact.openLevel ? 'DoorOpened' : 'DoorClosed'
        listener({ kind, doorId, atMs: this.#clock.now() })
      })
    }
    if (exitButton !== undefined) {
      this.#exitButton = this.#open(exitButton.line, exitButton.debounceMs, (level) => {
        if (level === exitButton.pressedLevel) listener({ kind: 'ExitRequested', doorId, atMs: this.#clock.now() })
      })
    }
  }

  #open(line: number, debounceMs: number, onStable: (level: PinLevel) => void): DebouncedInput {
    const pin = this.#gpio.openInput({ line, edge: 'both', debounceMs: 0 })
    return new DebouncedInput(pin, this.#clock, debounceMs, onStable)
  }
}
