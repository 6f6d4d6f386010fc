import type {
  GpioPin,
  GpioPinFactory,
  InputPinRequest,
  OutputPinRequest,
  PinEdge,
  PinLevel,
} from '../../ports/gpio-pin.js'

export interface FakeGpioOperation {
  readonly op: 'open-output' | 'open-input' | 'write' | 'release'
  readonly line: number
  /** The safe level for open-output, the written level for write. */
  readonly level?: PinLevel
}

/**
 * Pins in memory for tests: every open, write and release is recorded in order, and a test
 * drives inputs with `setInput`. Levels are logical (what the port sees).
 */
export class FakeGpio implements GpioPinFactory {
  readonly operations: FakeGpioOperation[] = []
  /** Every request as it was made, for checking polarity and edges. */
  readonly requests: (OutputPinRequest | InputPinRequest)[] = []
  readonly #pins = new Map<number, FakeGpioPin>()
  /** When set, writes throw this code, as a sysfs write can fail with EIO. */
  failWritesWithCode: string | undefined

  openOutput(request: OutputPinRequest): GpioPin {
    this.requests.push(request)
    this.operations.push({ op: 'open-output', line: request.line, level: request.safeLevel })
    const pin = new FakeGpioPin(this, request.line, request.safeLevel, undefined)
    this.#pins.set(request.line, pin)
    return pin
  }

  openInput(request: InputPinRequest): GpioPin {
    this.requests.push(request)
    this.operations.push({ op: 'open-input', line: request.line })
    const previous = this.#pins.get(request.line)
    const pin = new FakeGpioPin(this, request.line, previous?.level ?? 0, request.edge)
    this.#pins.set(request.line, pin)
    return pin
  }

  /** The level a line is at now (what an output was last driven to). */
  level(line: number): PinLevel {
    return this.#pinAt(line).level
  }

  isReleased(line: number): boolean {
    return this.#pinAt(line).isReleased
  }

  /** Levels written to a line, in order, the open included. */
  writesTo(line: number): PinLevel[] {
    return this.operations.filter((o) => o.line === line && o.op !== 'open-input' && o.op !== 'release').map((o) => o.level!)
  }

  /** Changes an input's level, as the outside world would; watchers hear it if the edge matches. */
  setInput(line: number, level: PinLevel): void {
    this.#pinAt(line).change(level)
  }

  /** Sets a line's level before anything opens it (the door is open at start, say). */
  presetInput(line: number, level: PinLevel): void {
    this.#pins.set(line, new FakeGpioPin(this, line, level, 'both'))
  }

  #pinAt(line: number): FakeGpioPin {
    const pin = this.#pins.get(line)
    if (pin === undefined) throw Object.assign(new Error(`line ${line} was never opened`), { code: 'NO_SUCH_LINE' })
    return pin
  }

  record(operation: FakeGpioOperation): void {
    this.operations.push(operation)
  }
}

class FakeGpioPin implements GpioPin {
  readonly #gpio: FakeGpio
  readonly #line: number
  readonly #edge: PinEdge | undefined
  readonly #safeLevel: PinLevel | undefined
  readonly #listeners = new Set<(level: PinLevel) => void>()
  level: PinLevel
  isReleased = false

  constructor(gpio: FakeGpio, line: number, level: PinLevel, edge: PinEdge | undefined) {
    this.#gpio = gpio
    this.#line = line
    this.level = level
    this.#edge = edge
    this.#safeLevel = edge === undefined ? level : undefined
  }

  read(): PinLevel {
    return this.level
  }

  write(level: PinLevel): void {
    const code = this.#gpio.failWritesWithCode
    if (code !== undefined) throw Object.assign(new Error(`${code}: write to line ${this.#line} failed`), { code })
    this.#gpio.record({ op: 'write', line: this.#line, level })
    this.level = level
  }

  watch(listener: (level: PinLevel) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  release(): void {
    if (this.isReleased) return
    try {
      if (this.#safeLevel !== undefined) this.write(this.#safeLevel)
    } finally {
      this.isReleased = true
      this.#listeners.clear()
      this.#gpio.record({ op: 'release', line: this.#line })
    }
  }

  change(level: PinLevel): void {
    if (level === this.level) return
    this.level = level
    const edge = this.#edge
    const isHeard = edge === 'both' || (edge === 'rising' && level === 1) || (edge === 'falling' && level === 0)
    if (isHeard) for (const listener of [...this.#listeners]) listener(level)
  }
}
