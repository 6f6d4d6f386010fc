/** How a kiosk cycle ends, and the small builders kiosk-flow.ts composes its steps from. */
import { grant, type AccessOutcome, type PersonSummary } from './access-outcome.js'
import type { AccessRequest } from './access-request.js'
import { NO_TEMPERATURE, type StaffMember } from './temperature-result.js'
import type {
  FeedbackPattern,
  KioskAttempt,
  KioskCycle,
  KioskEffect,
  KioskEvent,
  KioskLane,
  KioskPrompt,
  KioskState,
  KioskStep,
} from './kiosk-types.js'

/** Printable, like AccessEvent text fields: a reason typed by staff must not forge log lines. */
const MANUAL_REASON = /^[^\u0000-\u001F\u007F]{1,160}$/

export function stepOf(state: KioskState, ...effects: KioskEffect[]): KioskStep {
  return { state, effects }
}

export function ignored(state: KioskState, event: KioskEvent, why: string): KioskStep {
  return stepOf(state, { kind: 'ignored', eventType: event.type, phase: state.phase, why })
}

/** Only called once the cycle has a credential. */
export function requestFor(cycle: KioskCycle, nowMs: number, lane: KioskLane): AccessRequest {
  return {
    credential: cycle.credential ?? { presentedAs: 'manual', lookupKey: '' },
    doorId: lane.doorId,
    direction: lane.direction,
    lane: lane.lane,
    atMs: nowMs,
    temperature: cycle.temperature,
    isReplay: cycle.isReplay,
  }
}

export function kioskFeedback(
  pattern: FeedbackPattern,
  prompt: KioskPrompt,
  person: PersonSummary | null,
  reason: AccessOutcome['reason'] | null,
  celsius: number | null,
): KioskEffect {
  return { kind: 'feedback', pattern, prompt, person, reason, celsius }
}

/**
 * Journal first, then the relay, then the screen: nothing is shown as final before it is durable.
 * A TEMPERATURE_REQUIRED refusal while the thermometer is out of order says so, and where to go.
 */
export function finishCycle(cycle: KioskCycle, outcome: AccessOutcome, nowMs: number, lane: KioskLane): KioskStep {
  const person = outcome.person ?? cycle.person
  const celsius = cycle.temperature.status === 'none' ? null : cycle.temperature.celsius
  const pattern = outcome.granted ? 'granted' : outcome.reason === 'FEVER' ? 'fever' : 'denied'
  const isThermometerDown = outcome.reason === 'TEMPERATURE_REQUIRED' && !lane.isThermometerAvailable
  const prompt = !isThermometerDown ? null : lane.thermometerOfflineFallback === 'assisted-lane' ? 'use-assisted-lane' : 'thermometer-offline'
  const effects: KioskEffect[] = [{ kind: 'journal', attempt: attemptOf(cycle, outcome, nowMs, lane, null, null) }]
  if (outcome.granted) effects.push({ kind: 'unlock', doorId: lane.doorId, pulseMs: lane.unlockPulseMs })
  effects.push(kioskFeedback(pattern, prompt, person, outcome.reason, celsius))
  if (outcome.reason === 'FEVER') effects.push({ kind: 'alert', alarm: 'FEVER_CONFIRMED', doorId: lane.doorId, celsius })
  return stepOf({ phase: 'feedback', deadlineMs: nowMs + lane.feedbackMs, cycle: { ...cycle, person }, outcome }, ...effects)
}

/**
 * Staff open by hand (the assisted lane, ARCHITECTURE.md story 4): granted as MANUAL_OVERRIDE,
 * journalled with the staff member and the reason, and with whatever the kiosk knew of the person.
 */
export function openByHand(state: KioskState, staff: StaffMember, reason: string, nowMs: number, lane: KioskLane): KioskStep {
  const event = { type: 'manual-open-requested', staff, reason } as const
  if (!lane.isManualOpenAllowed) return ignored(state, event, 'this lane is not opened by hand')
  const note = typeof reason === 'string' ? reason.trim() : ''
  if (!MANUAL_REASON.test(note)) return ignored(state, event, 'a manual opening needs a printable reason of 1–160 characters')
  const cycle = 'cycle' in state && state.cycle !== null ? state.cycle : null
  const known: KioskCycle = cycle ?? { credential: null, isReplay: false, person: null, temperature: NO_TEMPERATURE, staffCheck: null }
  const outcome = grant('MANUAL_OVERRIDE', { person: known.person, credentialId: null, flags: [], evidence: null })
  return stepOf(
    { phase: 'feedback', deadlineMs: nowMs + lane.feedbackMs, cycle: known, outcome },
    { kind: 'journal', attempt: attemptOf(known, outcome, nowMs, lane, staff, note) },
    { kind: 'unlock', doorId: lane.doorId, pulseMs: lane.unlockPulseMs },
    kioskFeedback('granted', null, known.person, 'MANUAL_OVERRIDE', null),
  )
}

function attemptOf(
  cycle: KioskCycle,
  outcome: AccessOutcome,
  nowMs: number,
  lane: KioskLane,
  actor: StaffMember | null,
  note: string | null,
): KioskAttempt {
  return {
    occurredAtMs: nowMs,
    doorId: lane.doorId,
    direction: lane.direction,
    lane: lane.lane,
    credential: cycle.credential,
    outcome,
    temperature: cycle.temperature,
    staffCheck: cycle.staffCheck,
    actor,
    note,
  }
}
