import { randomUUID } from 'node:crypto'
import type { Alarm } from '../../../protocol/mqtt/messages/alarm.js'
import { decideAccess } from '../domain/decide-access.js'
import type { DecisionContext } from '../domain/access-request.js'
import { stepKiosk } from '../domain/kiosk-flow.js'
import { IDLE, type KioskAttempt, type KioskEffect, type KioskEvent, type KioskLane, type KioskState } from '../domain/kiosk-types.js'
import type { PolicyView } from '../domain/policy-view.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { Journal } from '../ports/journal.js'
import type { LockRelay } from '../ports/lock-relay.js'
import type { Logger } from '../ports/logger.js'
import type { PassageRecorder, TemperatureSource } from '../ports/temperature-source.js'
import { attemptToEvent } from './attempt-to-event.js'
import type { KioskScreens } from './kiosk-screens.js'

export interface KioskServiceDeps {
  readonly edgeId: string
  /** The lane's settings; a function when they follow the policy in force (door row, site row). */
  readonly lane: KioskLane | (() => KioskLane)
  readonly policy: PolicyView
  readonly journal: Journal
  readonly lock: LockRelay
  readonly screens: KioskScreens
  readonly temperature: TemperatureSource | null
  readonly passages: PassageRecorder | null
  /** Reader LEDs and buzzer; failures are logged, never block the door. */
  readonly signal: (pattern: 'granted' | 'denied' | 'fever' | 'waiting') => Promise<void>
  readonly decisionContext: () => DecisionContext
  /** Told about every grant, so door supervision knows the door may open. */
  readonly onGranted: (doorId: string, untilMs: number) => void
  /** Told after every journal append, so the publisher wakes up. */
  readonly onJournalled: () => void
  readonly clock: Clock
  readonly log: Logger
}

/**
 * Runs one lane's kiosk: feeds events to the pure state machine one at a time and carries out its
 * effects in order. The rule that matters most lives here: a grant is durable in the journal
 * before the relay moves or the screen shows it as final; if the journal cannot take it, the door
 * stays shut and the screen says the system is at fault.
 */
export class KioskService {
  readonly #deps: KioskServiceDeps
  #state: KioskState = IDLE
  #queue: Promise<void> = Promise.resolve()
  #deadline: TimerHandle | undefined
  #measuring: { stop(): void } | undefined
  #isRunning = false
  #stopPresence: (() => void) | undefined
  #lastAttempt: KioskAttempt | undefined

  constructor(deps: KioskServiceDeps) {
    this.#deps = deps
  }

  get phase(): KioskState['phase'] {
    return this.#state.phase
  }

  start(): void {
    this.#isRunning = true
    this.#deps.screens.reset(this.#lane().doorId, this.#deps.clock.now())
    if (this.#lane().order === 'temperature-first' && this.#deps.temperature !== null) {
      this.#stopPresence = this.#deps.temperature.onPersonDetected(() => void this.submit({ type: 'person-detected' }))
    }
  }

  /** Queues an event; events are handled strictly one after another. */
  submit(event: KioskEvent): Promise<void> {
    const run = this.#queue.then(() => (this.#isRunning ? this.#handle(event) : undefined))
    this.#queue = run.catch((error: unknown) => this.#deps.log.error({ err: String(error) }, 'kiosk event failed'))
    return this.#queue
  }

  /** Resolves once every event queued so far, and any it led to within this turn, is handled. */
  async settled(): Promise<void> {
    for (let previous: Promise<void> | undefined; previous !== this.#queue; ) {
      previous = this.#queue
      await previous
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  async stop(): Promise<void> {
    this.#isRunning = false
    this.#stopPresence?.()
    this.#measuring?.stop()
    if (this.#deadline !== undefined) this.#deps.clock.clearTimeout(this.#deadline)
    this.#deadline = undefined
    await this.#queue
  }

  async #handle(event: KioskEvent): Promise<void> {
    const { clock } = this.#deps
    const step = stepKiosk(this.#state, event, clock.now(), this.#lane())
    this.#state = step.state
    this.#armDeadline()
    let isJournalDown = false
    for (const effect of step.effects) {
      if (effect.kind === 'journal') {
        isJournalDown = !(await this.#journal(effect.attempt))
        if (isJournalDown) this.#showSystemFault()
        continue
      }
      if (isJournalDown && (effect.kind === 'unlock' || effect.kind === 'feedback')) continue
      await this.#run(effect)
    }
  }

  async #run(effect: KioskEffect): Promise<void> {
    const { policy, clock, screens, log } = this.#deps
    const lane = this.#lane()
    switch (effect.kind) {
      case 'decide':
        return this.#handle({ type: 'access-decided', outcome: decideAccess(effect.request, policy, this.#deps.decisionContext()) })
      case 'start-measuring':
        return this.#startMeasuring(effect.sampleCount)
      case 'unlock':
        return this.#unlock(effect.doorId, effect.pulseMs)
      case 'feedback': {
        const temperature =
          effect.celsius === null ? null : { celsius: effect.celsius, status: effect.pattern === 'fever' ? ('fever' as const) : ('normal' as const) }
        const person = { personName: effect.person?.displayName ?? null, photoUrl: effect.person?.photoId ? `/photos/${effect.person.photoId}` : null, temperature }
        if (effect.reason !== null) {
          screens.showDecision(lane.doorId, clock.now(), { granted: effect.pattern === 'granted', reason: effect.reason }, person)
        } else {
          screens.show({ doorId: lane.doorId, phase: this.#screenPhase(), decision: null, atMs: clock.now(), ...person })
        }
        return void this.#deps.signal(effect.pattern).catch((error: unknown) => log.warn({ err: String(error) }, 'reader feedback failed'))
      }
      case 'alert':
        return void (await this.#alarm(effect.alarm, effect.celsius))
      case 'ignored':
        return log.debug({ event: effect.eventType, phase: effect.phase, why: effect.why }, 'kiosk event ignored')
      case 'journal':
        return
    }
  }

  #screenPhase(): 'idle' | 'identified' | 'measuring' | 're-measuring' | 'decided' {
    const phase = this.#state.phase
    if (phase === 'measuring' || phase === 're-measuring' || phase === 'identified' || phase === 'idle') return phase
    return phase === 'measured' || phase === 'staff-check' ? 'measuring' : 'decided'
  }

  async #journal(attempt: KioskAttempt): Promise<boolean> {
    const version = this.#deps.policy.meta()?.version ?? 0
    try {
      await this.#deps.journal.append({ kind: 'event', message: attemptToEvent(attempt, this.#deps.edgeId, version) })
      this.#lastAttempt = attempt
      this.#deps.onJournalled()
      return true
    } catch (error) {
      this.#deps.log.error({ code: (error as { code?: string }).code, door: attempt.doorId }, 'attempt not journalled: door stays shut')
      return false
    }
  }

  #unlock(doorId: string, pulseMs: number): void {
    const relockAtMs = this.#deps.lock.pulse(pulseMs)
    this.#deps.onGranted(doorId, relockAtMs)
    const attempt = this.#lastAttempt
    const person = attempt?.outcome.person
    const door = this.#deps.policy.door(doorId)
    if (attempt && person && door && this.#deps.passages) {
      this.#deps.passages.recordPassage(person.id, door.antiPassbackGroupId, attempt.direction, attempt.occurredAtMs, doorId)
    }
  }

  #startMeasuring(sampleCount: number): void {
    this.#measuring?.stop()
    const source = this.#deps.temperature
    if (source === null) return
    const collection = source.collect(sampleCount)
    this.#measuring = collection
    void collection.samples.then((samples) => {
      if (samples !== null) void this.submit({ type: 'samples-collected', samples })
    })
  }

  async #alarm(kind: Alarm['kind'], celsius: number | null): Promise<void> {
    const message: Omit<Alarm, 'seq'> = {
      v: 1,
      id: randomUUID(),
      edgeId: this.#deps.edgeId,
      kind,
      state: 'raised',
      at: new Date(this.#deps.clock.now()).toISOString(),
      doorId: this.#lane().doorId,
      ...(celsius !== null && { detail: `${celsius.toFixed(1)} °C` }),
    }
    try {
      await this.#deps.journal.append({ kind: 'alarm', message })
      this.#deps.onJournalled()
    } catch (error) {
      this.#deps.log.error({ kind, code: (error as { code?: string }).code }, 'alarm not journalled')
    }
  }

  #showSystemFault(): void {
    const { screens, clock } = this.#deps
    const lane = this.#lane()
    screens.show({
      doorId: lane.doorId,
      phase: 'decided',
      personName: null,
      photoUrl: null,
      temperature: null,
      decision: { granted: false, reason: 'POLICY_STALE', text: { zh: '系统故障，请找工作人员', en: 'System fault: please see the staff' } },
      atMs: clock.now(),
    })
    void this.#deps.signal('denied').catch(() => {})
  }

  #lane(): KioskLane {
    const lane = this.#deps.lane
    return typeof lane === 'function' ? lane() : lane
  }

  #armDeadline(): void {
    const { clock } = this.#deps
    if (this.#deadline !== undefined) clock.clearTimeout(this.#deadline)
    this.#deadline = undefined
    const { deadlineMs } = this.#state
    if (deadlineMs === null || !this.#isRunning) return
    this.#deadline = clock.setTimeout(() => {
      this.#deadline = undefined
      void this.submit({ type: 'deadline-reached' })
    }, Math.max(0, deadlineMs - clock.now()))
  }
}
