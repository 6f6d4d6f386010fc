import type {
  DoorBoardInput,
  DoorBoardOutput,
  DoorBoardPin,
  SimulatedDoorBoard,
} from '../../../../firmware-sim/src/gpio/simulated-door-board.js'
import type {
  GpioPin,
  GpioPinFactory,
  InputPinRequest,
  OutputPinRequest,
  PinEdge,
  PinLevel,
} from '../../ports/gpio-pin.js'

/** Which header line each of the board's pins is wired to. */
export type DoorBoardWiring = Readonly<Record<number, DoorBoardPin>>

/**
 * The demo's wiring, chosen to match a common Pi relay HAT layout; any wiring works as long as
 * the door's config uses the same lines. The board's relay is active-high (1 = coil energised)
 * and its contact reads 1 while the door is open, so a door config for it uses
 * `isActiveLow: false` and `openLevel: 1`.
 */
export const DEFAULT_DOOR_BOARD_WIRING: DoorBoardWiring = {
  17: 'relay',
  27: 'contact',
  22: 'exitButton',
  23: 'ledGreen',
  24: 'ledRed',
  25: 'buzzer',
}

const OUTPUTS: readonly DoorBoardPin[] = ['relay', 'ledGreen', 'ledRed', 'buzzer']

/**
 * Pins backed by the simulator's GPIO door board, for the demo and integration tests. Every
 * level the edge drives lands in the board's pin trace, which is how a test proves that a
 * restart never pulsed the relay.
 */
export class DoorBoardGpio implements GpioPinFactory {
  readonly #board: SimulatedDoorBoard
  readonly #wiring: DoorBoardWiring

  constructor(board: SimulatedDoorBoard, wiring: DoorBoardWiring = DEFAULT_DOOR_BOARD_WIRING) {
    this.#board = board
    this.#wiring = wiring
  }

  openOutput(request: OutputPinRequest): GpioPin {
    const name = this.#pinAt(request.line)
    if (!OUTPUTS.includes(name)) throw wiringError(`line ${request.line} is the board's ${name}, an input`)
    const pin = new DoorBoardOutputPin(this.#board, name as DoorBoardOutput, request.safeLevel, request.isActiveLow ?? false)
    pin.write(request.safeLevel)
    return pin
  }

  openInput(request: InputPinRequest): GpioPin {
    const name = this.#pinAt(request.line)
    if (OUTPUTS.includes(name)) throw wiringError(`line ${request.line} is the board's ${name}, an output`)
    return new DoorBoardInputPin(this.#board, name as DoorBoardInput, request.edge, request.isActiveLow ?? false)
  }

  #pinAt(line: number): DoorBoardPin {
    const name = this.#wiring[line]
    if (name === undefined) throw wiringError(`line ${line} is not wired to the door board`)
    return name
  }
}

function wiringError(message: string): Error {
  return Object.assign(new Error(message), { code: 'DOOR_BOARD_WIRING' })
}

function toRaw(level: PinLevel, isActiveLow: boolean): PinLevel {
  return isActiveLow ? ((1 - level) as PinLevel) : level
}

class DoorBoardOutputPin implements GpioPin {
  readonly #board: SimulatedDoorBoard
  readonly #name: DoorBoardOutput
  readonly #safeLevel: PinLevel
  readonly #isActiveLow: boolean
  #isReleased = false

  constructor(board: SimulatedDoorBoard, name: DoorBoardOutput, safeLevel: PinLevel, isActiveLow: boolean) {
    this.#board = board
    this.#name = name
    this.#safeLevel = safeLevel
    this.#isActiveLow = isActiveLow
  }

  read(): PinLevel {
    return toRaw(this.#board.read(this.#name), this.#isActiveLow)
  }

  write(level: PinLevel): void {
    if (this.#isReleased) throw Object.assign(new Error(`${this.#name} was released`), { code: 'PIN_RELEASED' })
    this.#board.write(this.#name, toRaw(level, this.#isActiveLow))
  }

  watch(): () => void {
    return () => undefined
  }

  release(): void {
    if (this.#isReleased) return
    this.write(this.#safeLevel)
    this.#isReleased = true
  }
}

class DoorBoardInputPin implements GpioPin {
  readonly #board: SimulatedDoorBoard
  readonly #name: DoorBoardInput
  readonly #edge: PinEdge
  readonly #isActiveLow: boolean
  readonly #unwatches = new Set<() => void>()

  constructor(board: SimulatedDoorBoard, name: DoorBoardInput, edge: PinEdge, isActiveLow: boolean) {
    this.#board = board
    this.#name = name
    this.#edge = edge
    this.#isActiveLow = isActiveLow
  }

  read(): PinLevel {
    return toRaw(this.#board.read(this.#name), this.#isActiveLow)
  }

  write(): void {
    throw Object.assign(new Error(`${this.#name} is an input`), { code: 'NOT_AN_OUTPUT' })
  }

  watch(listener: (level: PinLevel) => void): () => void {
    const unwatch = this.#board.watch(this.#name, (raw) => {
      const level = toRaw(raw, this.#isActiveLow)
      if (this.#edge === 'both' || (this.#edge === 'rising') === (level === 1)) listener(level)
    })
    this.#unwatches.add(unwatch)
    return () => {
      unwatch()
      this.#unwatches.delete(unwatch)
    }
  }

  release(): void {
    for (const unwatch of this.#unwatches) unwatch()
    this.#unwatches.clear()
  }
}
