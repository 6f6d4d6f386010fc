/**
 * Runs the pure kiosk flow the way the service will: executes `decide` effects with decideAccess
 * and feeds the outcome straight back, and keeps one ManualClock timer on the state's deadline.
 */
import { decideAccess } from '../../../../edge/src/domain/decide-access.js'
import type { DecisionContext } from '../../../../edge/src/domain/access-request.js'
import { stepKiosk } from '../../../../edge/src/domain/kiosk-flow.js'
import { IDLE, type KioskEffect, type KioskEvent, type KioskLane, type KioskState } from '../../../../edge/src/domain/kiosk-types.js'
import { DEFAULT_SCREENING_SETTINGS } from '../../../../edge/src/domain/screening-settings.js'
import type { TemperatureSample } from '../../../../edge/src/domain/temperature-screening.js'
import type { TimerHandle } from '../../../../firmware-sim/src/clock.js'
import { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { MONDAY_10AM_MS, communityEntities, type MutableEntities } from '../../../fakes/policy-rows.js'

export const NORTH_GATE_LANE: KioskLane = {
  doorId: 'north-gate',
  direction: 'in',
  lane: 'residents',
  order: 'credential-first',
  enforcement: 'hard',
  isManualOpenAllowed: false,
  unlockPulseMs: 3_000,
  feedbackMs: 4_000,
  measureTimeoutMs: 15_000,
  credentialTimeoutMs: 20_000,
  staffCheckTimeoutMs: 60_000,
  screening: { ...DEFAULT_SCREENING_SETTINGS, remeasureWaitMs: 10_000, maxRemeasures: 2 },
  isThermometerAvailable: true,
  thermometerOfflineFallback: 'see-staff',
}

export const ZHANG = { type: 'credential-presented', credential: { presentedAs: 'card', lookupKey: 'card:h10301:212:7041' }, isReplay: false } as const
export const WANG = { id: 's-0007', name: '王阿姨' }

export function readings(celsius: number, count = 5): KioskEvent {
  const samples: TemperatureSample[] = Array.from({ length: count }, () => ({ objectCelsius: celsius, ambientCelsius: 24 }))
  return { type: 'samples-collected', samples }
}

export class KioskHarness {
  readonly clock = new ManualClock(MONDAY_10AM_MS)
  readonly effects: KioskEffect[] = []
  readonly phases: string[] = ['idle']
  state: KioskState = IDLE
  #lane: KioskLane
  readonly #view: InMemoryPolicyView
  readonly #context: DecisionContext
  #timer: TimerHandle | null = null

  constructor(lane: Partial<KioskLane> = {}, entities: (e: MutableEntities) => void = () => {}, context: Partial<DecisionContext> = {}) {
    const policy = communityEntities()
    entities(policy)
    this.#lane = { ...NORTH_GATE_LANE, ...lane }
    this.#view = InMemoryPolicyView.fromEntities(policy)
    this.#context = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0, ...context }
  }

  send(event: KioskEvent): this {
    const step = stepKiosk(this.state, event, this.clock.now(), this.#lane)
    this.state = step.state
    if (this.phases.at(-1) !== step.state.phase) this.phases.push(step.state.phase)
    this.effects.push(...step.effects)
    this.#rearm()
    for (const effect of step.effects) {
      if (effect.kind === 'decide') this.send({ type: 'access-decided', outcome: decideAccess(effect.request, this.#view, this.#context) })
    }
    return this
  }

  /** The lane as the next events see it: a policy or a device changed meanwhile. */
  changeLane(changes: Partial<KioskLane>): this {
    this.#lane = { ...this.#lane, ...changes }
    return this
  }

  advance(ms: number): this {
    this.clock.advance(ms)
    return this
  }

  of<K extends KioskEffect['kind']>(kind: K): Extract<KioskEffect, { kind: K }>[] {
    return this.effects.filter((effect): effect is Extract<KioskEffect, { kind: K }> => effect.kind === kind)
  }

  /** Effect kinds in order, without the decide round trips. */
  kinds(): string[] {
    return this.effects.filter((effect) => effect.kind !== 'decide').map((effect) => effect.kind)
  }

  #rearm(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer)
    this.#timer = null
    const { deadlineMs } = this.state
    if (deadlineMs !== null) {
      this.#timer = this.clock.setTimeout(() => this.send({ type: 'deadline-reached' }), deadlineMs - this.clock.now())
    }
  }
}
