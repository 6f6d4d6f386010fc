import { EventEmitter } from 'node:events'
import { ErrorCounts } from '../../../../protocol/error-counts.js'
import { encodeThermometerCommand } from '../../../../protocol/thermometer/thermometer-command.js'
import type { ThermometerReading } from '../../../../protocol/thermometer/thermometer-frame.js'
import { ThermometerFrameDecoder } from '../../../../protocol/thermometer/thermometer-frame-decoder.js'
import type { Clock, TimerHandle } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { ResilientLink } from '../../services/resilient-link.js'
import type { DeviceHealth, DeviceState } from '../device-health.js'

export interface ThermometerDriverOptions {
  /** continuous: the module streams at ~14 Hz; query: we ask every `queryIntervalMs`. */
  readonly mode: 'continuous' | 'query'
  readonly queryIntervalMs: number
  /** No frame for this long and the readings are stale: the kiosk must not use them. */
  readonly staleAfterMs: number
  /** How many recent readings are kept for averaging. */
  readonly historySize: number
}

export const defaultThermometerDriverOptions: ThermometerDriverOptions = {
  mode: 'continuous',
  queryIntervalMs: 100,
  staleAfterMs: 1000,
  historySize: 64,
}

export interface TimedReading extends ThermometerReading {
  readonly atMs: number
}

export interface ThermometerDriverEvents {
  reading: [reading: TimedReading]
  health: [health: DeviceHealth]
}

/**
 * A GY-MCU90614 on a serial line. Puts the module in the configured mode whenever the line comes
 * up, keeps the recent readings, and watches for silence: a thermometer that stops talking (or a
 * stuck line) is reported stale, then offline, never read as "no fever".
 */
export class ThermometerDriver extends EventEmitter<ThermometerDriverEvents> {
  readonly #link: ResilientLink
  readonly #clock: Clock
  readonly #log: Logger
  readonly #options: ThermometerDriverOptions
  readonly #decoder = new ThermometerFrameDecoder()
  readonly #history: TimedReading[] = []
  readonly errorCounts = new ErrorCounts()
  #state: DeviceState = 'offline'
  #sinceMs = 0
  #watchdog: TimerHandle | undefined
  #queryTimer: TimerHandle | undefined
  #isRunning = false

  constructor(link: ResilientLink, clock: Clock, log: Logger, options: ThermometerDriverOptions) {
    super()
    this.#link = link
    this.#clock = clock
    this.#log = log
    this.#options = options
  }

  get health(): DeviceHealth {
    const detail = this.#state === 'online' ? 'readings arriving' : this.#link.isUp ? 'no readings' : 'line down'
    return { state: this.#state, sinceMs: this.#sinceMs, detail, errorCounts: this.errorCounts.toJSON() }
  }

  /** Readings newer than `sinceMs`, oldest first. */
  readingsSince(sinceMs: number): TimedReading[] {
    return this.#history.filter((reading) => reading.atMs >= sinceMs)
  }

  start(): void {
    this.#isRunning = true
    this.#link.on('data', (bytes) => this.#onBytes(bytes))
    this.#link.on('up', () => this.#configure())
    this.#link.on('down', () => this.#setState('offline'))
    if (this.#link.isUp) this.#configure()
    this.#armWatchdog()
  }

  stop(): void {
    this.#isRunning = false
    for (const timer of [this.#watchdog, this.#queryTimer]) if (timer !== undefined) this.#clock.clearTimeout(timer)
    this.#watchdog = undefined
    this.#queryTimer = undefined
  }

  #configure(): void {
    this.#link.write(encodeThermometerCommand(this.#options.mode === 'continuous' ? 'continuous' : 'query'))
    if (this.#options.mode === 'query') this.#scheduleQuery()
  }

  #scheduleQuery(): void {
    if (!this.#isRunning || this.#queryTimer !== undefined) return
    this.#queryTimer = this.#clock.setTimeout(() => {
      this.#queryTimer = undefined
      this.#link.write(encodeThermometerCommand('query'))
      this.#scheduleQuery()
    }, this.#options.queryIntervalMs)
  }

  #onBytes(bytes: Buffer): void {
    const nowMs = this.#clock.now()
    const { frames, errors } = this.#decoder.push(bytes, nowMs)
    this.errorCounts.add(errors)
    if (errors.length > 0) this.#log.debug({ codes: errors.map((error) => error.code) }, 'thermometer frames rejected')
    for (const frame of frames) {
      const reading = { ...frame, atMs: nowMs }
      this.#history.push(reading)
      if (this.#history.length > this.#options.historySize) this.#history.shift()
      this.#setState('online')
      this.#armWatchdog()
      this.emit('reading', reading)
    }
  }

  #armWatchdog(): void {
    if (!this.#isRunning) return
    if (this.#watchdog !== undefined) this.#clock.clearTimeout(this.#watchdog)
    this.#watchdog = this.#clock.setTimeout(() => {
      this.#watchdog = undefined
      this.#setState(this.#link.isUp && this.#state !== 'offline' ? 'stale' : 'offline')
      this.#armWatchdog()
    }, this.#options.staleAfterMs)
  }

  #setState(state: DeviceState): void {
    if (this.#state === state) return
    this.#state = state
    this.#sinceMs = this.#clock.now()
    if (state !== 'online') this.#log.warn({ state }, 'thermometer not delivering readings')
    this.emit('health', this.health)
  }
}
