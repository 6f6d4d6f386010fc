import type { BinaryValue, Direction, Edge, Options, ValueCallback } from 'onoff'
import type { GpioPin, GpioPinFactory, InputPinRequest, OutputPinRequest, PinLevel } from '../../ports/gpio-pin.js'
import type { Logger } from '../../ports/logger.js'
import type { GpioChipBase } from './gpio-chip-base.js'

/** The part of onoff's `Gpio` the edge uses; `main.ts` passes onoff's class itself. */
export interface OnoffPin {
  readSync(): BinaryValue
  writeSync(value: BinaryValue): void
  watch(callback: ValueCallback): void
  unwatch(callback?: ValueCallback): void
  unwatchAll(): void
  unexport(): void
}

export type OnoffGpioClass = new (gpio: number, direction: Direction, edge?: Edge, options?: Options) => OnoffPin

export interface OnoffGpioOptions {
  /**
   * Unexport outputs on release (default true). Raspberry Pi OS kernels keep a freed output's
   * level (`pinctrl_bcm2835.persist_gpio_outputs`, default on); with `dtparam=strict_gpiod` or a
   * mainline kernel a freed line becomes an input and its pull decides, so a fail-safe maglock
   * must then rely on an external pull — or set this to false to keep the line driven.
   */
  readonly unexportOutputsOnRelease?: boolean
}

/** A coded error for a pin that cannot be opened; the line and sysfs number are in the message. */
export class GpioOpenError extends Error {
  readonly code: 'GPIO_LINE_OUT_OF_RANGE' | 'GPIO_OPEN_FAILED'

  constructor(code: GpioOpenError['code'], message: string, options?: { cause: unknown }) {
    super(message, options)
    this.name = 'GpioOpenError'
    this.code = code
  }
}

/**
 * Pins on the Pi's header through onoff (sysfs). Header line N is sysfs number `chip.base + N`,
 * the base being found at run time (`findGpioChipBase`). `Gpio.accessible` is false off a Pi,
 * so tests pass a fake class and check what was asked of it.
 */
export class OnoffGpio implements GpioPinFactory {
  readonly #gpioClass: OnoffGpioClass
  readonly #chip: GpioChipBase
  readonly #log: Logger
  readonly #options: OnoffGpioOptions

  constructor(gpioClass: OnoffGpioClass, chip: GpioChipBase, log: Logger, options: OnoffGpioOptions = {}) {
    this.#gpioClass = gpioClass
    this.#chip = chip
    this.#log = log
    this.#options = options
  }

  /**
   * The direction is "high" or "low", the raw level of the safe state: the kernel sets direction
   * and level in one step (gpiolib-sysfs `direction_store`), whereas "out" would drive raw 0
   * first — energising an active-low relay board. `reconfigureDirection: false` leaves a pin
   * that is already an output (a restart) untouched (onoff README), and the write that follows
   * puts it back to safe if a crash left it unlocked.
   */
  openOutput(request: OutputPinRequest): GpioPin {
    const isActiveLow = request.isActiveLow ?? false
    const rawSafeLevel = isActiveLow ? 1 - request.safeLevel : request.safeLevel
    const options: Options = { activeLow: isActiveLow, reconfigureDirection: false }
    const gpio = this.#open(request.line, rawSafeLevel === 1 ? 'high' : 'low', 'none', options)
    const isUnexportedOnRelease = this.#options.unexportOutputsOnRelease ?? true
    const pin = new OnoffGpioPin(gpio, request.line, request.safeLevel, isUnexportedOnRelease, this.#log)
    pin.write(request.safeLevel)
    return pin
  }

  openInput(request: InputPinRequest): GpioPin {
    const options: Options = {
      activeLow: request.isActiveLow ?? false,
      reconfigureDirection: false,
      debounceTimeout: request.debounceMs,
    }
    const gpio = this.#open(request.line, 'in', request.edge, options)
    return new OnoffGpioPin(gpio, request.line, undefined, true, this.#log)
  }

  /** sysfs number of a header line, checked against the chip's size. */
  sysfsNumber(line: number): number {
    if (!Number.isInteger(line) || line < 0 || line >= this.#chip.lineCount) {
      const message = `GPIO line ${line} is not on ${this.#chip.chip} (${this.#chip.label}, lines 0…${this.#chip.lineCount - 1})`
      throw new GpioOpenError('GPIO_LINE_OUT_OF_RANGE', message)
    }
    return this.#chip.base + line
  }

  #open(line: number, direction: Direction, edge: Edge, options: Options): OnoffPin {
    const number = this.sysfsNumber(line)
    try {
      return new this.#gpioClass(number, direction, edge, options)
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error)
      const message = `cannot open GPIO line ${line} (sysfs ${number}) as ${direction}: ${reason}`
      throw new GpioOpenError('GPIO_OPEN_FAILED', message, { cause: error })
    }
  }
}

class OnoffGpioPin implements GpioPin {
  readonly #gpio: OnoffPin
  readonly #line: number
  readonly #safeLevel: PinLevel | undefined
  readonly #isUnexportedOnRelease: boolean
  readonly #log: Logger
  #isReleased = false

  constructor(gpio: OnoffPin, line: number, safeLevel: PinLevel | undefined, isUnexportedOnRelease: boolean, log: Logger) {
    this.#gpio = gpio
    this.#line = line
    this.#safeLevel = safeLevel
    this.#isUnexportedOnRelease = isUnexportedOnRelease
    this.#log = log
  }

  read(): PinLevel {
    return this.#gpio.readSync()
  }

  write(level: PinLevel): void {
    this.#gpio.writeSync(level)
  }

  watch(listener: (level: PinLevel) => void): () => void {
    const callback: ValueCallback = (error, value) => {
      if (error) this.#log.warn({ code: 'GPIO_WATCH_ERROR', line: this.#line, error: error.message }, 'GPIO watch error')
      else listener(value)
    }
    this.#gpio.watch(callback)
    return () => this.#gpio.unwatch(callback)
  }

  release(): void {
    if (this.#isReleased) return
    this.#isReleased = true
    try {
      if (this.#safeLevel !== undefined) this.#gpio.writeSync(this.#safeLevel)
    } finally {
      this.#gpio.unwatchAll()
      if (this.#isUnexportedOnRelease) this.#unexport()
    }
  }

  #unexport(): void {
    try {
      this.#gpio.unexport()
    } catch (error) {
      this.#log.warn({ code: 'GPIO_UNEXPORT_FAILED', line: this.#line, error: String(error) }, 'GPIO unexport failed')
    }
  }
}
