import type { BinaryValue, Direction, Edge, Options, ValueCallback } from 'onoff'
import type { OnoffGpioClass, OnoffPin } from '../../edge/src/adapters/gpio/onoff-gpio.js'

export interface OnoffCall {
  /** sysfs GPIO number the call went to. */
  readonly gpio: number
  readonly method: 'construct' | 'readSync' | 'writeSync' | 'watch' | 'unwatch' | 'unwatchAll' | 'unexport'
  readonly args: readonly unknown[]
}

/** One onoff `Gpio` as the fake made it: what it was asked, and a way to fire its interrupts. */
export class FakeOnoffPin implements OnoffPin {
  readonly #calls: OnoffCall[]
  readonly gpio: number
  readonly direction: Direction
  readonly edge: Edge | undefined
  readonly options: Options | undefined
  value: BinaryValue = 0
  listeners: ValueCallback[] = []

  constructor(calls: OnoffCall[], gpio: number, direction: Direction, edge: Edge | undefined, options: Options | undefined) {
    this.#calls = calls
    this.gpio = gpio
    this.direction = direction
    this.edge = edge
    this.options = options
    if (direction === 'high') this.value = 1
  }

  readSync(): BinaryValue {
    this.#calls.push({ gpio: this.gpio, method: 'readSync', args: [] })
    return this.value
  }

  writeSync(value: BinaryValue): void {
    this.#calls.push({ gpio: this.gpio, method: 'writeSync', args: [value] })
    this.value = value
  }

  watch(callback: ValueCallback): void {
    this.#calls.push({ gpio: this.gpio, method: 'watch', args: [] })
    this.listeners.push(callback)
  }

  unwatch(callback?: ValueCallback): void {
    this.#calls.push({ gpio: this.gpio, method: 'unwatch', args: [] })
    this.listeners = this.listeners.filter((listener) => listener !== callback)
  }

  unwatchAll(): void {
    this.#calls.push({ gpio: this.gpio, method: 'unwatchAll', args: [] })
    this.listeners = []
  }

  unexport(): void {
    this.#calls.push({ gpio: this.gpio, method: 'unexport', args: [] })
  }

  /** An interrupt as onoff reports it: the value it read afterwards, or an error. */
  interrupt(value: BinaryValue, error: Error | null = null): void {
    for (const listener of [...this.listeners]) listener(error, value)
  }
}

/**
 * Stands in for onoff's `Gpio` class (`Gpio.accessible` is false off a Pi): records every
 * construction and call, in order, across all pins.
 */
export class FakeOnoff {
  readonly calls: OnoffCall[] = []
  readonly pins: FakeOnoffPin[] = []
  /** Thrown by the next construction, as onoff throws EINVAL for a wrong sysfs number. */
  constructionError: Error | undefined

  get GpioClass(): OnoffGpioClass {
    const fake = this
    return class {
      constructor(gpio: number, direction: Direction, edge?: Edge, options?: Options) {
        fake.calls.push({ gpio, method: 'construct', args: [direction, edge, options] })
        const error = fake.constructionError
        fake.constructionError = undefined
        if (error !== undefined) throw error
        const pin = new FakeOnoffPin(fake.calls, gpio, direction, edge, options)
        fake.pins.push(pin)
        return pin
      }
    } as unknown as OnoffGpioClass
  }

  pin(gpio: number): FakeOnoffPin {
    const pin = this.pins.filter((candidate) => candidate.gpio === gpio).pop()
    if (pin === undefined) throw new Error(`sysfs GPIO ${gpio} was never constructed`)
    return pin
  }

  /** The calls to one sysfs number, as "method arg" strings, for readable assertions. */
  callsTo(gpio: number): string[] {
    return this.calls
      .filter((call) => call.gpio === gpio)
      .map((call) => [call.method, ...call.args.map((arg) => JSON.stringify(arg))].join(' '))
  }
}
