import type { Clock } from '../../ports/clock.js'
import type { LockKind, LockRelay, LockRelayState } from '../../ports/lock-relay.js'
import type { Logger } from '../../ports/logger.js'
import type { OsdpControlPanel } from './osdp-control-panel.js'

export interface OsdpLockRelayConfig {
  readonly reader: string
  readonly output: number
  readonly lockKind: LockKind
  readonly pulseMs: number
}

/**
 * A lock wired to an OSDP door controller's output. The PD times the pulse itself (OUT with a
 * temporary state and a timer), so a lost link after the pulse still relocks the door. The safe
 * state is sent whenever the reader comes online; sending it never pulses the relay.
 */
export class OsdpLockRelay implements LockRelay {
  readonly #panel: OsdpControlPanel
  readonly #clock: Clock
  readonly #log: Logger
  readonly #config: OsdpLockRelayConfig
  #state: LockRelayState = 'stopped'
  #relockAtMs = 0

  constructor(panel: OsdpControlPanel, clock: Clock, log: Logger, config: OsdpLockRelayConfig) {
    this.#panel = panel
    this.#clock = clock
    this.#log = log
    this.#config = config
  }

  get state(): LockRelayState {
    if (this.#state === 'pulsing' && this.#clock.now() >= this.#relockAtMs) this.#state = 'locked'
    return this.#state
  }

  get isUnlocked(): boolean {
    return this.state === 'pulsing' || this.state === 'held-open'
  }

  start(): void {
    this.#state = 'locked'
    this.#panel.on('readerOnline', (reader) => {
      if (reader.name === this.#config.reader && this.#state !== 'held-open') this.#send(this.#safeIsEnergised(), 'safe state')
    })
  }

  pulse(durationMs = this.#config.pulseMs): number {
    if (this.#state === 'held-open') return Infinity
    const action = this.#safeIsEnergised() ? 'temporary-off' : 'temporary-on'
    this.#relockAtMs = this.#clock.now() + durationMs
    this.#state = 'pulsing'
    this.#panel
      .send(this.#config.reader, { type: 'OUT', outputs: [{ output: this.#config.output, action, timerMs: durationMs }] })
      .catch((error: unknown) => this.#log.error({ reader: this.#config.reader, code: (error as { code?: string }).code }, 'unlock not delivered'))
    return this.#relockAtMs
  }

  holdOpen(): void {
    this.#state = 'held-open'
    this.#send(!this.#safeIsEnergised(), 'hold open')
  }

  release(): void {
    this.#state = 'locked'
    this.#send(this.#safeIsEnergised(), 'release')
  }

  /** Sends the safe state (aborting a pulse the controller is timing) and settles once it was answered or failed. */
  stop(): Promise<void> {
    if (this.#state === 'stopped') return Promise.resolve()
    this.#state = 'stopped'
    return this.#send(this.#safeIsEnergised(), 'stop')
  }

  /**
   * Sets the output to its safe state now and resolves once the reader acknowledged it; rejects
   * (with the panel's code) when the reader is offline or refuses. For `gatehouse-edge safe-relays`.
   */
  driveSafeState(): Promise<void> {
    return this.#panel.setOutput(this.#config.reader, this.#config.output, this.#safeIsEnergised())
  }

  /** A fail-safe maglock holds while powered; a fail-secure strike holds without power. */
  #safeIsEnergised(): boolean {
    return this.#config.lockKind === 'fail-safe'
  }

  #send(isEnergised: boolean, why: string): Promise<void> {
    return this.#panel
      .setOutput(this.#config.reader, this.#config.output, isEnergised)
      .catch((error: unknown) => this.#log.warn({ reader: this.#config.reader, why, code: (error as { code?: string }).code }, 'lock output not set'))
  }
}
