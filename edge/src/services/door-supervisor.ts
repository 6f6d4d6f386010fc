import {
  initialDoorSupervisionState,
  nextSupervisionDueMs,
  superviseDoor,
  type AlarmChange,
  type DoorSupervisionConfig,
  type DoorSupervisionInput,
  type DoorSupervisionState,
} from '../domain/door-supervision.js'
import type { Clock, TimerHandle } from '../ports/clock.js'

/**
 * Runs the pure door supervision for one door: feeds it inputs as they come, and a Tick exactly
 * when a held-open deadline falls due, so alarms are raised on time with no polling.
 */
export class DoorSupervisor {
  readonly #clock: Clock
  readonly #config: DoorSupervisionConfig
  #state: DoorSupervisionState = initialDoorSupervisionState()
  #listener: ((change: AlarmChange) => void) | undefined
  #tickTimer: TimerHandle | undefined

  constructor(clock: Clock, config: DoorSupervisionConfig) {
    this.#clock = clock
    this.#config = config
  }

  get state(): DoorSupervisionState {
    return this.#state
  }

  start(listener: (change: AlarmChange) => void): void {
    this.#listener = listener
  }

  handle(input: DoorSupervisionInput): void {
    const step = superviseDoor(this.#state, input, this.#config)
    this.#state = step.state
    for (const change of step.alarms) this.#listener?.(change)
    this.#scheduleTick()
  }

  stop(): void {
    if (this.#tickTimer !== undefined) this.#clock.clearTimeout(this.#tickTimer)
    this.#tickTimer = undefined
    this.#listener = undefined
  }

  #scheduleTick(): void {
    if (this.#tickTimer !== undefined) this.#clock.clearTimeout(this.#tickTimer)
    this.#tickTimer = undefined
    const dueMs = nextSupervisionDueMs(this.#state, this.#config)
    if (dueMs === null || this.#listener === undefined) return
    this.#tickTimer = this.#clock.setTimeout(() => {
      this.#tickTimer = undefined
      this.handle({ kind: 'Tick', atMs: this.#clock.now() })
    }, Math.max(0, dueMs - this.#clock.now()))
  }
}
