import t from 'tap'
import { checkStaffReading, isAwaitingStaffCheck } from '../../../../edge/src/domain/staff-reading-check.js'
import { KioskHarness, NORTH_GATE_LANE, WANG, ZHANG, readings } from './kiosk-harness.js'

const settings = NORTH_GATE_LANE.screening
const soft = { enforcement: 'soft' } as const

/** A soft lane at its staff check: three high measurements (two re-measures) of Zhang. */
function suspectedFever(): KioskHarness {
  const kiosk = new KioskHarness(soft).send(ZHANG).send(readings(38.4))
  for (let remeasure = 0; remeasure < 2; remeasure++) kiosk.advance(10_000).send(readings(38.4))
  return kiosk
}

t.test('a staff check is pending only while the kiosk waits on one or a fever can still be decided again', async (t) => {
  t.equal(isAwaitingStaffCheck(new KioskHarness().state), false, 'idle')
  t.equal(isAwaitingStaffCheck(new KioskHarness(soft).send(ZHANG).state), false, 'measuring')
  const waiting = suspectedFever()
  t.equal(waiting.state.phase, 'staff-check')
  t.equal(isAwaitingStaffCheck(waiting.state), true, 'a soft lane at its staff check')
  const hard = new KioskHarness().send(ZHANG).send(readings(38.4))
  for (let remeasure = 0; remeasure < 2; remeasure++) hard.advance(10_000).send(readings(38.4))
  t.same([hard.state.phase, isAwaitingStaffCheck(hard.state)], ['feedback', true], 'a FEVER denial still on screen')
  hard.advance(4_000)
  t.same([hard.state.phase, isAwaitingStaffCheck(hard.state)], ['idle', false], 'and no longer once the screen is idle')
  const granted = new KioskHarness().send(ZHANG).send(readings(36.5))
  t.same([granted.state.phase, isAwaitingStaffCheck(granted.state)], ['feedback', false], 'a grant on screen')
  const temperatureFirst = new KioskHarness({ order: 'temperature-first' }).send({ type: 'person-detected' }).send(readings(36.5))
  t.same([temperatureFirst.state.phase, isAwaitingStaffCheck(temperatureFirst.state)], ['measured', false], 'a normal reading waiting for its card')
})

t.test('a contact reading must agree with what staff meant', async (t) => {
  const { state } = suspectedFever()
  t.same(checkStaffReading(state, 36.8, 'cleared', WANG, settings), { ok: true })
  t.same(checkStaffReading(state, 38.1, 'confirmed', WANG, settings), { ok: true })
  t.same(checkStaffReading(state, 37.3, 'confirmed', WANG, settings), { ok: true }, 'the threshold itself is a fever')
  t.match(checkStaffReading(state, 36.8, 'confirmed', WANG, settings), { ok: false, code: 'READING_CONTRADICTS_ACTION', detail: 'the reading is below the fever threshold' })
  t.match(checkStaffReading(state, 37.3, 'cleared', WANG, settings), { ok: false, code: 'READING_CONTRADICTS_ACTION', detail: 'the reading is at or above the fever threshold' })
  t.match(checkStaffReading(state, 29.9, 'cleared', WANG, settings), { ok: false, code: 'IMPLAUSIBLE_READING' })
  t.match(checkStaffReading(new KioskHarness().state, 36.8, 'cleared', WANG, settings), { ok: false, code: 'NO_STAFF_CHECK_PENDING', detail: 'the kiosk is idle, not waiting for a staff check' })
})
