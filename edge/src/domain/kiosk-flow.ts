/**
 * The kiosk at one lane as an explicit state machine, pure: `stepKiosk(state, event, nowMs, lane)`
 * returns the next state and the effects for the service to run (kiosk-types.ts).
 *
 *   credential first:  idle → identified → [measuring ⇄ re-measuring] → [staff-check] → decided → feedback → idle
 *   temperature first: idle → measuring ⇄ re-measuring → [staff-check] → measured → decided → feedback → idle
 *
 * Credential first asks `decideAccess` at once with no temperature: any reason but
 * TEMPERATURE_REQUIRED is final (an unknown card is not measured), TEMPERATURE_REQUIRED starts
 * measuring. A lane's `order` says what starts a cycle from idle; a temperature-first lane still
 * takes a card presented first, and a card presented while measuring joins the cycle.
 *
 * Timeouts are deadlines in the state; the service sets one timer for `state.deadlineMs` and sends
 * `deadline-reached` (an early one is ignored). Measuring that never yields a measurement decides
 * with no temperature (TEMPERATURE_REQUIRED, alarm TEMPERATURE_SKIPPED). A thermometer already
 * known to be out of order (`lane.isThermometerAvailable` false) is not waited for: the refusal
 * is at once, and its screen says where to go (`thermometerOfflineFallback`). A soft lane's staff
 * check that times out decides with the kiosk's own reading: fail closed.
 *
 * Staff may open by hand with a reason in any phase where the lane allows it (MANUAL_OVERRIDE,
 * journalled with the staff member and the reason); a contact reading after a FEVER denial
 * decides again (hard lanes: confirmed or cleared by staff).
 */
import { finishCycle, ignored, kioskFeedback, openByHand, requestFor, stepOf } from './kiosk-cycle.js'
import {
  applyStaffCheck,
  assessMeasurement,
  screeningDisposition,
  temperatureResultOf,
  type FinalVerdict,
  type MeasurementVerdict,
} from './temperature-screening.js'
import { NO_TEMPERATURE } from './temperature-result.js'
import { IDLE, type KioskCycle, type KioskEvent, type KioskLane, type KioskState, type KioskStep } from './kiosk-types.js'

type Handler = (state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane) => KioskStep | null

const HANDLERS: Record<KioskState['phase'], Handler> = {
  idle: (_state, event, nowMs, lane) => startCycle(event, nowMs, lane),
  identified: (state, event, nowMs, lane) => (state.phase === 'identified' ? fromIdentified(state.cycle, event, nowMs, lane) : null),
  measuring: fromMeasuring,
  're-measuring': fromRemeasuring,
  'staff-check': fromStaffCheck,
  measured: fromMeasured,
  decided: (state, event, nowMs, lane) =>
    state.phase === 'decided' && event.type === 'access-decided' ? finishCycle(state.cycle, event.outcome, nowMs, lane) : null,
  feedback: fromFeedback,
}

export function stepKiosk(state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep {
  if (event.type === 'manual-open-requested') return openByHand(state, event.staff, event.reason, nowMs, lane)
  if (event.type === 'deadline-reached' && (state.deadlineMs === null || nowMs < state.deadlineMs)) {
    return ignored(state, event, 'no deadline is due')
  }
  return HANDLERS[state.phase](state, event, nowMs, lane) ?? ignored(state, event, `not expected while ${state.phase}`)
}

const NEW_CYCLE: KioskCycle = { credential: null, isReplay: false, person: null, temperature: NO_TEMPERATURE, staffCheck: null }

function startCycle(event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep | null {
  if (event.type === 'credential-presented') {
    const cycle: KioskCycle = { ...NEW_CYCLE, credential: event.credential, isReplay: event.isReplay }
    return stepOf({ phase: 'identified', deadlineMs: null, cycle }, { kind: 'decide', request: requestFor(cycle, nowMs, lane) })
  }
  if (lane.order !== 'temperature-first') return null
  if (event.type === 'person-detected') return measure(NEW_CYCLE, 0, nowMs, lane)
  if (event.type === 'samples-collected') return onVerdict(NEW_CYCLE, assessMeasurement(event.samples, 0, lane.screening), nowMs, lane)
  return null
}

function fromIdentified(cycle: KioskCycle, event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep | null {
  if (event.type !== 'access-decided') return null
  const { outcome } = event
  // A thermometer known to be out of order would only make the person wait for the measuring timeout.
  if (outcome.granted || outcome.reason !== 'TEMPERATURE_REQUIRED' || !lane.isThermometerAvailable) return finishCycle(cycle, outcome, nowMs, lane)
  return measure({ ...cycle, person: outcome.person }, 0, nowMs, lane)
}

function fromMeasuring(state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep | null {
  if (state.phase !== 'measuring') return null
  const { cycle, attempt } = state
  if (event.type === 'samples-collected') return onVerdict(cycle, assessMeasurement(event.samples, attempt, lane.screening), nowMs, lane)
  if (event.type === 'credential-presented') return joinCycle(state, cycle, event)
  if (event.type !== 'deadline-reached') return null
  if (cycle.credential === null) return stepOf(IDLE)
  const skipped = { kind: 'alert', alarm: 'TEMPERATURE_SKIPPED', doorId: lane.doorId, celsius: null } as const
  return decide({ ...cycle, temperature: NO_TEMPERATURE }, nowMs, lane, skipped)
}

function fromRemeasuring(state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep | null {
  if (state.phase !== 're-measuring') return null
  if (event.type === 'deadline-reached') return measure(state.cycle, state.attempt, nowMs, lane)
  if (event.type === 'credential-presented') return joinCycle(state, state.cycle, event)
  return null
}

function fromStaffCheck(state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep | null {
  if (state.phase !== 'staff-check') return null
  const { cycle } = state
  if (event.type === 'credential-presented') return joinCycle(state, cycle, event)
  if (event.type === 'staff-checked') return afterStaffCheck(state, cycle, event, nowMs, lane)
  if (event.type !== 'deadline-reached') return null
  const timedOut = { kind: 'alert', alarm: 'STAFF_CHECK_TIMED_OUT', doorId: lane.doorId, celsius: celsiusOf(cycle) } as const
  return cycle.credential === null ? stepOf(IDLE, timedOut) : decide(cycle, nowMs, lane, timedOut)
}

function fromMeasured(state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep | null {
  if (state.phase !== 'measured') return null
  const { cycle } = state
  if (event.type === 'credential-presented') return decide({ ...cycle, credential: event.credential, isReplay: event.isReplay }, nowMs, lane)
  if (event.type === 'staff-checked') return afterStaffCheck(state, cycle, event, nowMs, lane)
  if (event.type !== 'deadline-reached') return null
  const isFever = cycle.temperature.status === 'fever'
  return isFever ? stepOf(IDLE, { kind: 'alert', alarm: 'FEVER_CONFIRMED', doorId: lane.doorId, celsius: celsiusOf(cycle) }) : stepOf(IDLE)
}

function fromFeedback(state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane): KioskStep | null {
  if (state.phase !== 'feedback') return null
  if (event.type === 'deadline-reached') return stepOf(IDLE)
  const { cycle, outcome } = state
  if (event.type === 'staff-checked' && cycle?.credential && outcome?.reason === 'FEVER') {
    return afterStaffCheck(state, cycle, event, nowMs, lane)
  }
  return startCycle(event, nowMs, lane)
}

function measure(cycle: KioskCycle, attempt: number, nowMs: number, lane: KioskLane): KioskStep {
  // Due to measure again but the thermometer has gone: decide now with no measurement.
  if (!lane.isThermometerAvailable) return cycle.credential === null ? stepOf(IDLE) : decide({ ...cycle, temperature: NO_TEMPERATURE }, nowMs, lane)
  return stepOf(
    { phase: 'measuring', deadlineMs: nowMs + lane.measureTimeoutMs, cycle, attempt },
    { kind: 'start-measuring', attempt, sampleCount: lane.screening.samplesPerMeasurement },
    kioskFeedback('waiting', 'hold-still', cycle.person, null, null),
  )
}

function onVerdict(cycle: KioskCycle, verdict: MeasurementVerdict, nowMs: number, lane: KioskLane): KioskStep {
  if (verdict.kind === 'remeasure') {
    const state = { phase: 're-measuring', deadlineMs: nowMs + verdict.waitMs, cycle, attempt: verdict.attempt + 1 } as const
    return stepOf(state, kioskFeedback('waiting', 'remeasure', cycle.person, null, verdict.celsius))
  }
  return onFinalVerdict(cycle, verdict, nowMs, lane)
}

function onFinalVerdict(cycle: KioskCycle, verdict: FinalVerdict, nowMs: number, lane: KioskLane): KioskStep {
  const disposition = screeningDisposition(verdict, lane.enforcement)
  if (disposition.kind === 'await-staff') {
    return stepOf(
      { phase: 'staff-check', deadlineMs: nowMs + lane.staffCheckTimeoutMs, cycle: { ...cycle, temperature: temperatureResultOf(verdict) } },
      { kind: 'alert', alarm: 'FEVER_SUSPECTED', doorId: lane.doorId, celsius: verdict.celsius },
      kioskFeedback('fever', 'staff-check', cycle.person, null, verdict.celsius),
    )
  }
  return measuredOrDecide({ ...cycle, temperature: disposition.temperature }, nowMs, lane)
}

function afterStaffCheck(
  state: KioskState,
  cycle: KioskCycle,
  event: Extract<KioskEvent, { type: 'staff-checked' }>,
  nowMs: number,
  lane: KioskLane,
): KioskStep {
  const result = applyStaffCheck(event.celsius, event.staff, celsiusOf(cycle), lane.screening)
  if (!result.ok) return ignored(state, event, result.message)
  return measuredOrDecide({ ...cycle, temperature: result.temperature, staffCheck: result.check }, nowMs, lane)
}

/** With a credential the final decision is asked for; without one, the reading waits for it. */
function measuredOrDecide(cycle: KioskCycle, nowMs: number, lane: KioskLane): KioskStep {
  if (cycle.credential !== null) return decide(cycle, nowMs, lane)
  const pattern = cycle.temperature.status === 'fever' ? 'fever' : 'waiting'
  return stepOf(
    { phase: 'measured', deadlineMs: nowMs + lane.credentialTimeoutMs, cycle },
    kioskFeedback(pattern, 'present-credential', null, null, celsiusOf(cycle)),
  )
}

function decide(cycle: KioskCycle, nowMs: number, lane: KioskLane, ...before: Parameters<typeof stepOf>[1][]): KioskStep {
  return stepOf({ phase: 'decided', deadlineMs: null, cycle }, ...before, { kind: 'decide', request: requestFor(cycle, nowMs, lane) })
}

function joinCycle(
  state: Extract<KioskState, { cycle: KioskCycle }>,
  cycle: KioskCycle,
  event: Extract<KioskEvent, { type: 'credential-presented' }>,
): KioskStep | null {
  if (cycle.credential !== null) return null
  return stepOf({ ...state, cycle: { ...cycle, credential: event.credential, isReplay: event.isReplay } })
}

function celsiusOf(cycle: KioskCycle): number | null {
  return cycle.temperature.status === 'none' ? null : cycle.temperature.celsius
}
