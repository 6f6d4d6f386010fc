import { ErrorCounts } from '../../../protocol/error-counts.js'
import { ThermometerCommandDecoder } from '../../../protocol/thermometer/thermometer-command-decoder.js'
import type { ThermometerCommandName } from '../../../protocol/thermometer/thermometer-command.js'
import {
  AMBIENT_RANGE_CELSIUS,
  OBJECT_RANGE_CELSIUS,
  encodeThermometerFrame,
  type ThermometerReading,
} from '../../../protocol/thermometer/thermometer-frame.js'
import type { Clock, TimerHandle } from '../clock.js'
import type { SerialDevice } from '../serial-device.js'
import { gaussianNoise } from './gaussian-noise.js'
import { THERMOMETER_SCENARIOS, type ThermometerScenarioName } from './thermometer-scenarios.js'

export interface SimulatedThermometerOptions {
  readonly clock: Clock
  /** Uniform [0, 1) source for the sensor noise; seed it in tests. */
  readonly random: () => number
  /** Continuous-mode frame interval; the module streams at about 14 Hz. */
  readonly intervalMs?: number
  readonly noiseSigmaCelsius?: number
  /** Time the module takes to answer a query command. */
  readonly queryReplyDelayMs?: number
}

export type ThermometerOutputMode = 'continuous' | 'query'

/** The wire cannot carry more than a signed int16 of 0.01 °C. */
const OBJECT_WIRE_MAX_CELSIUS = 327.67

/**
 * Device side of a GY-MCU90614 (reference §3): streams frames in continuous mode (the power-up
 * default), answers query commands in query mode, stops streaming on auto-output off, and stores
 * baud rate commands until `powerCycle()`, as the module does. The reading comes from the
 * scenario table plus Gaussian noise. Bad command bytes are counted and ignored.
 */
export class SimulatedThermometer implements SerialDevice {
  readonly #options: SimulatedThermometerOptions
  readonly errorCounts = new ErrorCounts()
  #decoder = new ThermometerCommandDecoder()
  #transmit: ((bytes: Buffer) => void) | null = null
  #isRunning = false
  #streamTimer: TimerHandle | null = null
  readonly #replyTimers = new Set<TimerHandle>()
  #mode: ThermometerOutputMode = 'continuous'
  #isAutoOutput = true
  #baudRate = 9600
  #pendingBaudRate: number | null = null
  #subjectCelsius: number | null = THERMOMETER_SCENARIOS.normal.subjectCelsius
  #ambientCelsius = THERMOMETER_SCENARIOS.normal.ambientCelsius
  #foreheadOffsetCelsius = THERMOMETER_SCENARIOS.normal.foreheadOffsetCelsius
  #framesTransmitted = 0

  constructor(options: SimulatedThermometerOptions) {
    this.#options = options
  }

  get mode(): ThermometerOutputMode {
    return this.#mode
  }

  get isAutoOutput(): boolean {
    return this.#isAutoOutput
  }

  get baudRate(): number {
    return this.#baudRate
  }

  /** A baud rate command received since the last power cycle, applied by the next one. */
  get pendingBaudRate(): number | null {
    return this.#pendingBaudRate
  }

  get framesTransmitted(): number {
    return this.#framesTransmitted
  }

  attach(transmit: (bytes: Buffer) => void): void {
    this.#transmit = transmit
  }

  start(): void {
    if (this.#isRunning) return
    this.#isRunning = true
    this.#restartStream()
  }

  stop(): void {
    this.#isRunning = false
    this.#cancelStream()
    for (const timer of this.#replyTimers) this.#options.clock.clearTimeout(timer)
    this.#replyTimers.clear()
  }

  /** Power off and on: stored baud rate takes effect, output returns to continuous mode. */
  powerCycle(): void {
    this.stop()
    this.#baudRate = this.#pendingBaudRate ?? this.#baudRate
    this.#pendingBaudRate = null
    this.#mode = 'continuous'
    this.#decoder = new ThermometerCommandDecoder()
    this.start()
  }

  receive(bytes: Buffer): void {
    if (!this.#isRunning) return
    const { frames, errors } = this.#decoder.push(bytes, this.#options.clock.now())
    this.errorCounts.add(errors)
    for (const command of frames) this.#obey(command)
  }

  /** Forehead temperature of the person in front; null when no one is there. */
  setSubject(celsius: number | null): void {
    if (celsius !== null) assertWithin(celsius, OBJECT_RANGE_CELSIUS.min, OBJECT_WIRE_MAX_CELSIUS, 'subject')
    this.#subjectCelsius = celsius
  }

  setAmbient(celsius: number): void {
    assertWithin(celsius, AMBIENT_RANGE_CELSIUS.min, AMBIENT_RANGE_CELSIUS.max, 'ambient')
    this.#ambientCelsius = celsius
  }

  /** Sets subject, ambient and forehead offset from the table; `setSubject` may follow it. */
  setScenario(name: ThermometerScenarioName): void {
    const scenario = THERMOMETER_SCENARIOS[name]
    this.#subjectCelsius = scenario.subjectCelsius
    this.#ambientCelsius = scenario.ambientCelsius
    this.#foreheadOffsetCelsius = scenario.foreheadOffsetCelsius
  }

  #obey(command: ThermometerCommandName): void {
    switch (command) {
      case 'continuous':
      case 'query':
        this.#mode = command
        this.#restartStream()
        if (command === 'query') this.#scheduleQueryReply()
        break
      case 'autoOutputOn':
      case 'autoOutputOff':
        this.#isAutoOutput = command === 'autoOutputOn'
        this.#restartStream()
        break
      case 'baud9600':
      case 'baud115200':
        this.#pendingBaudRate = command === 'baud9600' ? 9600 : 115200
        break
    }
  }

  #restartStream(): void {
    this.#cancelStream()
    if (this.#isRunning && this.#mode === 'continuous' && this.#isAutoOutput) this.#scheduleStreamFrame()
  }

  #scheduleStreamFrame(): void {
    this.#streamTimer = this.#options.clock.setTimeout(() => {
      this.#streamTimer = null
      this.#transmitReading()
      this.#scheduleStreamFrame()
    }, this.#options.intervalMs ?? 71)
  }

  #cancelStream(): void {
    if (this.#streamTimer === null) return
    this.#options.clock.clearTimeout(this.#streamTimer)
    this.#streamTimer = null
  }

  #scheduleQueryReply(): void {
    const timer = this.#options.clock.setTimeout(() => {
      this.#replyTimers.delete(timer)
      this.#transmitReading()
    }, this.#options.queryReplyDelayMs ?? 5)
    this.#replyTimers.add(timer)
  }

  #transmitReading(): void {
    const frame = encodeThermometerFrame(this.#sampleReading())
    this.#framesTransmitted++
    this.#transmit?.(frame)
  }

  #sampleReading(): ThermometerReading {
    const sigma = this.#options.noiseSigmaCelsius ?? 0.05
    const noise = (): number => gaussianNoise(this.#options.random, sigma)
    const objectCelsius =
      this.#subjectCelsius === null
        ? this.#ambientCelsius + noise()
        : this.#subjectCelsius + this.#foreheadOffsetCelsius + noise()
    return {
      objectCelsius: clamp(objectCelsius, OBJECT_RANGE_CELSIUS.min, OBJECT_WIRE_MAX_CELSIUS),
      ambientCelsius: clamp(this.#ambientCelsius + noise(), AMBIENT_RANGE_CELSIUS.min, AMBIENT_RANGE_CELSIUS.max),
    }
  }
}

function assertWithin(celsius: number, min: number, max: number, what: string): void {
  if (Number.isFinite(celsius) && celsius >= min && celsius <= max) return
  throw Object.assign(new RangeError(`${what} temperature ${celsius} °C is outside ${min}…${max} °C`), {
    code: 'OUT_OF_RANGE',
  })
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
