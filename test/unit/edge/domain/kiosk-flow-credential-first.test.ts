import t from 'tap'
import { IDLE } from '../../../../edge/src/domain/kiosk-types.js'
import { stepKiosk } from '../../../../edge/src/domain/kiosk-flow.js'
import { KioskHarness, NORTH_GATE_LANE, WANG, ZHANG, readings } from './kiosk-harness.js'

t.test('grants a resident with a normal temperature: journal, then relay, then screen', async (t) => {
  const kiosk = new KioskHarness().send(ZHANG).send(readings(36.5))
  t.same(kiosk.phases, ['idle', 'identified', 'measuring', 'decided', 'feedback'])
  t.same(kiosk.kinds(), ['start-measuring', 'feedback', 'journal', 'unlock', 'feedback'])
  const [attempt] = kiosk.of('journal')
  t.same([attempt?.attempt.outcome.reason, attempt?.attempt.outcome.person?.displayName], ['GRANTED', '张建国'])
  t.same(attempt?.attempt.temperature, { status: 'normal', celsius: 36.5, isRemeasured: false, checkedBy: null })
  t.same(kiosk.of('unlock'), [{ kind: 'unlock', doorId: 'north-gate', pulseMs: 3_000 }])
  t.same(kiosk.of('feedback').at(-1), { kind: 'feedback', pattern: 'granted', prompt: null, person: attempt?.attempt.outcome.person, reason: 'GRANTED', celsius: 36.5 })
  kiosk.advance(4_000)
  t.same(kiosk.state, IDLE, 'the feedback times out back to idle')
})

t.test('refuses an unknown card at once, without measuring anyone', async (t) => {
  const kiosk = new KioskHarness().send({ ...ZHANG, credential: { presentedAs: 'card', lookupKey: 'card:h10301:1:1' } })
  t.same(kiosk.phases, ['idle', 'identified', 'feedback'])
  t.same(kiosk.kinds(), ['journal', 'feedback'])
  t.same(kiosk.of('feedback')[0]?.pattern, 'denied')
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'UNKNOWN_CREDENTIAL')
})

t.test('opens a door that needs no measurement without measuring', async (t) => {
  const kiosk = new KioskHarness({ doorId: 'b1-door' }).send(ZHANG)
  t.same(kiosk.kinds(), ['journal', 'unlock', 'feedback'])
  t.equal(kiosk.of('journal')[0]?.attempt.temperature.status, 'none')
})

t.test('journals a replayed QR code as REPLAYED', async (t) => {
  const kiosk = new KioskHarness().send({ ...ZHANG, isReplay: true })
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'REPLAYED')
})

t.test('re-measures a high reading after the wait, twice, then denies a confirmed FEVER with an alert', async (t) => {
  const kiosk = new KioskHarness().send(ZHANG).send(readings(38.1))
  t.same([kiosk.state.phase, kiosk.state.deadlineMs], ['re-measuring', kiosk.clock.now() + 10_000])
  t.same(kiosk.of('feedback').at(-1)?.prompt, 'remeasure')
  kiosk.send(readings(38.1))
  t.equal(kiosk.of('ignored').length, 1, 'samples during the wait are ignored')
  kiosk.advance(10_000).send(readings(38.2)).advance(10_000).send(readings(38.1))
  t.same(kiosk.of('start-measuring').map((effect) => effect.attempt), [0, 1, 2])
  t.same(kiosk.phases, ['idle', 'identified', 'measuring', 're-measuring', 'measuring', 're-measuring', 'measuring', 'decided', 'feedback'])
  const [attempt] = kiosk.of('journal')
  t.same([attempt?.attempt.outcome.granted, attempt?.attempt.outcome.reason], [false, 'FEVER'])
  t.same(attempt?.attempt.temperature, { status: 'fever', celsius: 38.1, isRemeasured: true, checkedBy: null })
  t.same(kiosk.of('unlock'), [])
  t.same(kiosk.of('alert'), [{ kind: 'alert', alarm: 'FEVER_CONFIRMED', doorId: 'north-gate', celsius: 38.1 }])
  t.same(kiosk.of('feedback').at(-1)?.pattern, 'fever')
})

t.test('grants when a high first reading re-measures normal (sunlight on the forehead)', async (t) => {
  const kiosk = new KioskHarness().send(ZHANG).send(readings(37.6)).advance(10_000).send(readings(36.6))
  const [attempt] = kiosk.of('journal')
  t.same([attempt?.attempt.outcome.reason, attempt?.attempt.temperature.status], ['GRANTED', 'normal'])
  t.same(attempt?.attempt.temperature, { status: 'normal', celsius: 36.6, isRemeasured: true, checkedBy: null })
})

t.test('a measurement that never comes times out: TEMPERATURE_REQUIRED and a TEMPERATURE_SKIPPED alarm', async (t) => {
  const kiosk = new KioskHarness().send(ZHANG).advance(14_999)
  t.equal(kiosk.state.phase, 'measuring')
  kiosk.advance(1)
  t.same(kiosk.kinds().slice(-3), ['alert', 'journal', 'feedback'])
  t.same(kiosk.of('alert')[0]?.alarm, 'TEMPERATURE_SKIPPED')
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'TEMPERATURE_REQUIRED')
})

t.test('a hard lane concludes a bad reading as TEMPERATURE_REQUIRED', async (t) => {
  const kiosk = new KioskHarness().send(ZHANG).send(readings(31)).advance(10_000).send(readings(31)).advance(10_000).send(readings(31))
  const [attempt] = kiosk.of('journal')
  t.same([attempt?.attempt.outcome.reason, attempt?.attempt.temperature.status], ['TEMPERATURE_REQUIRED', 'bad-reading'])
})

t.test('soft lane: a fever alerts staff and waits; a staff contact reading clears it and is journalled', async (t) => {
  const kiosk = new KioskHarness({ enforcement: 'soft', screening: { ...NORTH_GATE_LANE.screening, maxRemeasures: 0 } })
  kiosk.send(ZHANG).send(readings(37.8))
  t.same([kiosk.state.phase, kiosk.of('alert')[0]?.alarm, kiosk.of('feedback').at(-1)?.prompt], ['staff-check', 'FEVER_SUSPECTED', 'staff-check'])
  t.same(kiosk.of('journal'), [], 'nothing is final yet')
  kiosk.send({ type: 'staff-checked', celsius: 36.7, staff: WANG })
  const [attempt] = kiosk.of('journal')
  t.same([attempt?.attempt.outcome.reason, attempt?.attempt.staffCheck?.outcome, attempt?.attempt.staffCheck?.staff], ['GRANTED', 'cleared', WANG])
  t.same(attempt?.attempt.temperature, { status: 'normal', celsius: 36.7, isRemeasured: true, checkedBy: WANG })
  t.same(attempt?.attempt.staffCheck?.kioskCelsius, 37.8)
})

t.test('soft lane: staff confirm the fever and the person is denied with FEVER', async (t) => {
  const kiosk = new KioskHarness({ enforcement: 'soft', screening: { ...NORTH_GATE_LANE.screening, maxRemeasures: 0 } })
  kiosk.send(ZHANG).send(readings(37.8)).send({ type: 'staff-checked', celsius: 37.9, staff: WANG })
  const [attempt] = kiosk.of('journal')
  t.same([attempt?.attempt.outcome.reason, attempt?.attempt.staffCheck?.outcome], ['FEVER', 'confirmed'])
  t.same(kiosk.of('alert').map((a) => a.alarm), ['FEVER_SUSPECTED', 'FEVER_CONFIRMED'])
})

t.test('soft lane: when staff never come, it decides on the kiosk reading (fail closed)', async (t) => {
  const kiosk = new KioskHarness({ enforcement: 'soft', screening: { ...NORTH_GATE_LANE.screening, maxRemeasures: 0 } })
  kiosk.send(ZHANG).send(readings(37.8)).advance(60_000)
  t.same(kiosk.of('alert').map((a) => a.alarm), ['FEVER_SUSPECTED', 'STAFF_CHECK_TIMED_OUT', 'FEVER_CONFIRMED'])
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'FEVER')
})

t.test('soft lane: an implausible staff reading is ignored and the kiosk keeps waiting', async (t) => {
  const kiosk = new KioskHarness({ enforcement: 'soft', screening: { ...NORTH_GATE_LANE.screening, maxRemeasures: 0 } })
  kiosk.send(ZHANG).send(readings(37.8)).send({ type: 'staff-checked', celsius: 3.7, staff: WANG })
  t.same([kiosk.state.phase, kiosk.of('ignored').length], ['staff-check', 1])
})

t.test('hard lane: staff clear a FEVER denial with a contact reading and the person is let in', async (t) => {
  const kiosk = new KioskHarness({ screening: { ...NORTH_GATE_LANE.screening, maxRemeasures: 0 } })
  kiosk.send(ZHANG).send(readings(37.8)).send({ type: 'staff-checked', celsius: 36.8, staff: WANG })
  const outcomes = kiosk.of('journal').map((j) => [j.attempt.outcome.reason, j.attempt.staffCheck?.outcome ?? null])
  t.same(outcomes, [['FEVER', null], ['GRANTED', 'cleared']], 'both attempts are journalled')
  t.same(kiosk.of('unlock').length, 1)
})

t.test('a new card during feedback starts the next cycle at once', async (t) => {
  const kiosk = new KioskHarness({ doorId: 'b1-door' }).send(ZHANG).send({ ...ZHANG, credential: { presentedAs: 'card', lookupKey: 'card:h10301:212:7042' } })
  t.same(kiosk.of('journal').map((j) => j.attempt.outcome.reason), ['GRANTED', 'DOOR_NOT_PERMITTED'])
})

t.test('ignores what a phase does not expect, and a deadline that is not due', async (t) => {
  const step = stepKiosk(IDLE, readings(36.5), 0, NORTH_GATE_LANE)
  t.same(step.effects.map((e) => e.kind), ['ignored'], 'a credential-first lane ignores readings when idle')
  const kiosk = new KioskHarness().send(ZHANG)
  const early = stepKiosk(kiosk.state, { type: 'deadline-reached' }, kiosk.clock.now() + 1, NORTH_GATE_LANE)
  t.same([early.state, early.effects[0]?.kind], [kiosk.state, 'ignored'])
  t.same(stepKiosk(kiosk.state, { ...ZHANG }, kiosk.clock.now(), NORTH_GATE_LANE).effects[0]?.kind, 'ignored', 'a second card while measuring')
})
