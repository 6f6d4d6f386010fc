import { randomUUID } from 'node:crypto'
import type { Alarm } from '../../../protocol/mqtt/messages/alarm.js'
import { decideAccess } from '../domain/decide-access.js'
import type { DecisionContext } from '../domain/access-request.js'
import { stepKiosk } from '../domain/kiosk-flow.js'
import { checkStaffReading, type StaffVerdict } from '../domain/staff-reading-check.js'
import type { StaffMember } from '../domain/temperature-result.js'
import { IDLE, type KioskAttempt, type KioskEffect, type KioskEvent, type KioskLane, type KioskState } from '../domain/kiosk-types.js'
import type { PolicyView } from '../domain/policy-view.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { Journal } from '../ports/journal.js'
import type { LockRelay } from '../ports/lock-relay.js'
import type { Logger } from '../ports/logger.js'
import type { PassageRecorder, TemperatureSource } from '../ports/temperature-source.js'
import { attemptToEvent } from './attempt-to-event.js'
import type { KioskScreens } from './kiosk-screens.js'
import type { KioskTimings } from './kiosk-timings.js'
import type { StaffActOutcome, StaffActRefusal, StaffKiosk } from './staff-kiosk.js'

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
  /** Latency metrics (presented → journalled → relay); none when omitted. */
  readonly timings?: KioskTimings
}

/** What handling one event came to, for staff acts that answer a hub command. */
interface HandleReport {
  /** Why the state machine ignored the event, or null when it acted on it. */
  readonly ignoredWhy: string | null
  /** An attempt of this event (or of the decision it led to) could not be journalled. */
  readonly isJournalDown: boolean
}

const DONE: StaffActOutcome = { ok: true }

function refused(code: StaffActRefusal, detail: string): StaffActOutcome {
  return { ok: false, code, detail }
}

/**
 * Runs one lane's kiosk: feeds events to the pure state machine one at a time and carries out its
 * effects in order. The rule that matters most lives here: a grant is durable in the journal
 * before the relay moves or the screen shows it as final; if the journal cannot take it, the door
 * stays shut and the screen says the system is at fault.
 *
 * Staff reach it from the staff app through hub commands (StaffKiosk): an opening by hand and a
 * contact-thermometer reading are events like the others, taken in turn, answered with a value.
 */
export class KioskService implements StaffKiosk {
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

  get isManualOpenAllowed(): boolean {
    return this.#lane().isManualOpenAllowed
  }

  /** Queues an event; events are handled strictly one after another. */
  submit(event: KioskEvent): Promise<void> {
    const submittedAtMs = this.#deps.clock.now()
    void this.#enqueue(() => this.#handle(event, submittedAtMs), null)
    return this.#queue
  }

  /**
   * Staff open by hand with a reason (lanes that allow it: the assisted lane). Journalled with the
   * staff member, the reason and whoever the kiosk had identified, before the relay moves.
   * Rejects only if the relay itself fails.
   */
  openByHand(staff: StaffMember, reason: string): Promise<StaffActOutcome> {
    return this.#enqueue(async () => {
      if (!this.#lane().isManualOpenAllowed) return refused('NOT_ALLOWED', 'this lane is not opened by hand')
      const report = await this.#handle({ type: 'manual-open-requested', staff, reason })
      if (report.ignoredWhy !== null) return refused('NOT_ALLOWED', report.ignoredWhy)
      return report.isJournalDown ? refused('JOURNAL_FAILED', 'attempt not journalled: door stays shut') : DONE
    }, refused('STOPPED', 'the kiosk is stopped'))
  }

  /**
   * A contact-thermometer reading decides the suspected fever the kiosk waits on, if it agrees
   * with what staff meant (`verdict`); see staff-reading-check.ts.
   */
  checkByStaff(staff: StaffMember, celsius: number, verdict: StaffVerdict): Promise<StaffActOutcome> {
    return this.#enqueue(async () => {
      const checked = checkStaffReading(this.#state, celsius, verdict, staff, this.#lane().screening)
      if (!checked.ok) return checked
      const report = await this.#handle({ type: 'staff-checked', celsius, staff })
      if (report.ignoredWhy !== null) return refused('NO_STAFF_CHECK_PENDING', report.ignoredWhy)
      return report.isJournalDown ? refused('JOURNAL_FAILED', 'attempt not journalled: door stays shut') : DONE
    }, refused('STOPPED', 'the kiosk is stopped'))
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

  /** Runs `work` after every event queued before it; `whenStopped` once the kiosk is stopped. */
  #enqueue<T>(work: () => Promise<T>, whenStopped: T): Promise<T> {
    const run = this.#queue.then(() => (this.#isRunning ? work() : whenStopped))
    this.#queue = run.then(
      () => undefined,
      (error: unknown) => this.#deps.log.error({ err: String(error) }, 'kiosk event failed'),
    )
    return run
  }

  async #handle(event: KioskEvent, submittedAtMs?: number): Promise<HandleReport> {
    const { clock, policy } = this.#deps
    const step = stepKiosk(this.#state, event, clock.now(), this.#lane())
    this.#state = step.state
    this.#armDeadline()
    const first = step.effects[0]
    if (event.type === 'credential-presented' && first?.kind !== 'ignored') this.#deps.timings?.presented(submittedAtMs ?? clock.now())
    let isJournalDown = false
    let hasJournalFailed = false
    for (const effect of step.effects) {
      if (effect.kind === 'journal') {
        isJournalDown = !(await this.#journal(effect.attempt))
        hasJournalFailed ||= isJournalDown
        if (isJournalDown) this.#showSystemFault()
        continue
      }
      if (isJournalDown && (effect.kind === 'unlock' || effect.kind === 'feedback')) continue
      if (effect.kind === 'decide') {
        const decided = await this.#handle({ type: 'access-decided', outcome: decideAccess(effect.request, policy, this.#deps.decisionContext()) })
        hasJournalFailed ||= decided.isJournalDown
        continue
      }
      await this.#run(effect)
    }
    return { ignoredWhy: first?.kind === 'ignored' ? first.why : null, isJournalDown: hasJournalFailed }
  }

  async #run(effect: Exclude<KioskEffect, { kind: 'decide' }>): Promise<void> {
    const { clock, screens, log } = this.#deps
    const lane = this.#lane()
    switch (effect.kind) {
      case 'start-measuring':
        return this.#startMeasuring(effect.sampleCount)
      case 'unlock':
        return this.#unlock(effect.doorId, effect.pulseMs)
      case 'feedback':
        screens.showFeedback(lane.doorId, clock.now(), effect, this.#state.phase)
        return void this.#deps.signal(effect.pattern).catch((error: unknown) => log.warn({ err: String(error) }, 'reader feedback failed'))
      case 'alert':
        return void (await this.#alarm(effect.alarm, effect.celsius))
      case 'ignored':
        return log.debug({ event: effect.eventType, phase: effect.phase, why: effect.why }, 'kiosk event ignored')
      case 'journal':
        return
    }
  }

  async #journal(attempt: KioskAttempt): Promise<boolean> {
    const version = this.#deps.policy.meta()?.version ?? 0
    try {
      await this.#deps.journal.append({ kind: 'event', message: attemptToEvent(attempt, this.#deps.edgeId, version) })
      this.#deps.timings?.journalled(attempt.outcome.granted, this.#deps.clock.now())
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
    this.#deps.timings?.unlocked(this.#deps.clock.now())
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
