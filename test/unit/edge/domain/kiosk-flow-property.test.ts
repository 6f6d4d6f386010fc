/** Random event sequences through the kiosk (seeded): no throw, and nothing unlocks unjournalled. */
import t from 'tap'
import { decideAccess } from '../../../../edge/src/domain/decide-access.js'
import { stepKiosk } from '../../../../edge/src/domain/kiosk-flow.js'
import { IDLE, type KioskEffect, type KioskEvent, type KioskLane, type KioskState } from '../../../../edge/src/domain/kiosk-types.js'
import { ByteFuzzer } from '../../../fuzz/byte-fuzzer.js'
import { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { MONDAY_10AM_MS, communityEntities } from '../../../fakes/policy-rows.js'
import { NORTH_GATE_LANE, WANG } from './kiosk-harness.js'

const SEQUENCES = 2_000
const EVENTS_PER_SEQUENCE = 30
const view = InMemoryPolicyView.fromEntities(communityEntities())
const context = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }

function randomEvent(random: ByteFuzzer): KioskEvent {
  switch (random.int(7)) {
    case 0:
      return { type: 'credential-presented', credential: { presentedAs: 'card', lookupKey: random.pick(['card:h10301:212:7041', 'card:h10301:212:7042', 'pin:0000']) }, isReplay: random.chance(0.1) }
    case 1:
      return { type: 'person-detected' }
    case 2:
      return { type: 'samples-collected', samples: Array.from({ length: random.int(7) }, () => ({ objectCelsius: 30 + random.next() * 10, ambientCelsius: random.chance(0.05) ? Number.NaN : 24 })) }
    case 3:
      return { type: 'staff-checked', celsius: 34 + random.next() * 6, staff: WANG }
    case 4:
      return { type: 'manual-open-requested', staff: WANG, reason: random.pick(['', 'elderly resident', 'x\ny']) }
    case 5:
      return { type: 'access-decided', outcome: decideAccess({ credential: { presentedAs: 'card', lookupKey: 'pin:0000' }, doorId: 'north-gate', direction: 'in', lane: 'none', atMs: 0, temperature: { status: 'none' }, isReplay: false }, view, context) }
    default:
      return { type: 'deadline-reached' }
  }
}

function randomLane(random: ByteFuzzer): KioskLane {
  return {
    ...NORTH_GATE_LANE,
    doorId: random.pick(['north-gate', 'east-gate', 'b1-door']),
    direction: random.pick(['in', 'out'] as const),
    order: random.pick(['credential-first', 'temperature-first'] as const),
    enforcement: random.pick(['hard', 'soft'] as const),
    isManualOpenAllowed: random.chance(0.5),
    isThermometerAvailable: random.chance(0.8),
    thermometerOfflineFallback: random.pick(['see-staff', 'assisted-lane'] as const),
  }
}

/** Runs one event and the decide round trips it causes; returns each step's effects. */
function run(state: KioskState, event: KioskEvent, nowMs: number, lane: KioskLane): { state: KioskState; steps: KioskEffect[][] } {
  const step = stepKiosk(state, event, nowMs, lane)
  const steps = [[...step.effects]]
  let current = step.state
  for (const effect of step.effects) {
    if (effect.kind !== 'decide') continue
    const next = run(current, { type: 'access-decided', outcome: decideAccess(effect.request, view, context) }, nowMs, lane)
    current = next.state
    steps.push(...next.steps)
  }
  return { state: current, steps }
}

function stepProblem(effects: KioskEffect[], state: KioskState): string | null {
  let journalledGrant = false
  for (const effect of effects) {
    if (effect.kind === 'journal') journalledGrant = effect.attempt.outcome.granted
    if (effect.kind === 'unlock' && !journalledGrant) return 'unlocked before a granted attempt was journalled'
    if (effect.kind === 'feedback' && effect.pattern === 'granted' && !journalledGrant) return 'showed granted before journalling'
  }
  if (effects.some((effect) => effect.kind === 'journal') && state.phase !== 'feedback') return `journalled but went to ${state.phase}`
  if ((state.phase === 'idle') !== (state.deadlineMs === null && !('cycle' in state))) return `bad idle state ${JSON.stringify(state)}`
  return null
}

t.test('random event sequences never throw, and nothing unlocks before a grant is journalled (60,000 events)', async (t) => {
  const random = new ByteFuzzer(4242)
  const problems: string[] = []
  let unlocks = 0
  for (let s = 0; s < SEQUENCES && problems.length < 5; s++) {
    const lane = randomLane(random)
    let state: KioskState = IDLE
    let nowMs = MONDAY_10AM_MS
    for (let e = 0; e < EVENTS_PER_SEQUENCE; e++) {
      nowMs += random.int(30_000)
      const event = randomEvent(random)
      try {
        const result = run(state, event, nowMs, lane)
        for (const effects of result.steps) {
          const problem = stepProblem(effects, result.state)
          if (problem !== null) problems.push(`sequence ${s} event ${e} (${event.type}): ${problem}`)
          unlocks += effects.filter((effect) => effect.kind === 'unlock').length
        }
        state = result.state
      } catch (error) {
        problems.push(`sequence ${s} event ${e}: threw ${String(error)}`)
      }
    }
  }
  t.same(problems, [])
  t.ok(unlocks > 500, `${unlocks} unlocks: the sequences reach the grant path`)
})
