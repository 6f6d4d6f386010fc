import type { Clock, TimerHandle } from '../clock.js'
import type { LedControl, OutputControl } from '../../../protocol/osdp/osdp-control-records.js'

export interface OutputChange {
  readonly atMs: number
  readonly output: number
  readonly isActive: boolean
}

export interface BuzzerState {
  readonly tone: 'none' | 'off' | 'default'
  readonly onMs: number
  readonly offMs: number
  readonly count: number
  readonly atMs: number
}

const MAX_TRACE = 10_000

/**
 * What a door controller's hardware is doing: outputs (output 0 = lock relay) with OSDP's
 * temporary/permanent timer semantics, LEDs, buzzer, text. Every output change is traced with
 * its time so tests can prove, for instance, that a restart never pulsed the relay.
 */
export class DoorControllerState {
  readonly #clock: Clock
  readonly #onOutputChange: (change: OutputChange) => void
  readonly outputTrace: OutputChange[] = []
  #outputs: boolean[] = []
  #permanent: boolean[] = []
  #timers: (TimerHandle | undefined)[] = []
  readonly leds = new Map<number, LedControl>()
  buzzer: BuzzerState | undefined
  text = ''

  constructor(clock: Clock, outputCount: number, onOutputChange: (change: OutputChange) => void) {
    this.#clock = clock
    this.#onOutputChange = onOutputChange
    this.#outputs = new Array<boolean>(outputCount).fill(false)
    this.#permanent = new Array<boolean>(outputCount).fill(false)
    this.#timers = new Array<TimerHandle | undefined>(outputCount).fill(undefined)
  }

  get outputs(): readonly boolean[] {
    return this.#outputs
  }

  /** Returns false when the record names an output this controller does not have. */
  applyOutput(control: OutputControl): boolean {
    const index = control.output
    if (index >= this.#outputs.length) return false
    switch (control.action) {
      case 'nop':
        return true
      case 'permanent-off':
      case 'permanent-on':
        this.#cancelTimer(index)
        this.#permanent[index] = control.action === 'permanent-on'
        this.#set(index, this.#permanent[index]!)
        return true
      case 'permanent-off-after-timer':
      case 'permanent-on-after-timer':
        this.#permanent[index] = control.action === 'permanent-on-after-timer'
        if (this.#timers[index] === undefined) this.#set(index, this.#permanent[index]!)
        return true
      case 'temporary-on':
      case 'temporary-off':
        this.#cancelTimer(index)
        this.#set(index, control.action === 'temporary-on')
        this.#timers[index] = this.#clock.setTimeout(() => {
          this.#timers[index] = undefined
          this.#set(index, this.#permanent[index]!)
        }, control.timerMs)
        return true
    }
  }

  stop(): void {
    for (let index = 0; index < this.#timers.length; index++) this.#cancelTimer(index)
  }

  #cancelTimer(index: number): void {
    const timer = this.#timers[index]
    if (timer !== undefined) this.#clock.clearTimeout(timer)
    this.#timers[index] = undefined
  }

  #set(index: number, isActive: boolean): void {
    if (this.#outputs[index] === isActive) return
    this.#outputs[index] = isActive
    const change = { atMs: this.#clock.now(), output: index, isActive }
    if (this.outputTrace.length >= MAX_TRACE) this.outputTrace.shift()
    this.outputTrace.push(change)
    this.#onOutputChange(change)
  }
}
