import t from 'tap'
import { IDLE } from '../../../../edge/src/domain/kiosk-types.js'
import { DAY_MS, MONDAY_10AM_MS, makeObservation, type MutableEntities } from '../../../fakes/policy-rows.js'
import { KioskHarness, NORTH_GATE_LANE, WANG, ZHANG, readings } from './kiosk-harness.js'

const noRemeasure = { ...NORTH_GATE_LANE.screening, maxRemeasures: 0 }

const temperatureFirst = { order: 'temperature-first' } as const

t.test('measures first, then grants when the card follows', async (t) => {
  const kiosk = new KioskHarness(temperatureFirst).send({ type: 'person-detected' }).send(readings(36.4))
  t.same([kiosk.state.phase, kiosk.of('feedback').at(-1)?.prompt], ['measured', 'present-credential'])
  kiosk.send(ZHANG)
  t.same(kiosk.phases, ['idle', 'measuring', 'measured', 'decided', 'feedback'])
  t.same(kiosk.kinds(), ['start-measuring', 'feedback', 'feedback', 'journal', 'unlock', 'feedback'])
  t.same(kiosk.of('journal')[0]?.attempt.temperature, { status: 'normal', celsius: 36.4, isRemeasured: false, checkedBy: null })
})

t.test('readings arriving first start the cycle without a presence event', async (t) => {
  const kiosk = new KioskHarness(temperatureFirst).send(readings(36.4)).send(ZHANG)
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'GRANTED')
})

t.test('a card presented while measuring joins the cycle', async (t) => {
  const kiosk = new KioskHarness(temperatureFirst).send({ type: 'person-detected' }).send(ZHANG)
  t.equal(kiosk.state.phase, 'measuring')
  kiosk.send(readings(36.4))
  t.same(kiosk.phases, ['idle', 'measuring', 'decided', 'feedback'])
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'GRANTED')
})

t.test('a card presented while waiting to re-measure joins the cycle', async (t) => {
  const kiosk = new KioskHarness(temperatureFirst).send(readings(37.9)).send(ZHANG).advance(10_000).send(readings(36.9))
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'GRANTED')
})

t.test('a reading nobody claims with a card within the timeout is dropped, unjournalled', async (t) => {
  const kiosk = new KioskHarness(temperatureFirst).send(readings(36.4)).advance(20_000)
  t.same([kiosk.state, kiosk.of('journal')], [IDLE, []])
})

t.test('a measurement that never comes goes back to idle when nobody is identified', async (t) => {
  const kiosk = new KioskHarness(temperatureFirst).send({ type: 'person-detected' }).advance(15_000)
  t.same([kiosk.state, kiosk.of('journal'), kiosk.of('alert')], [IDLE, [], []])
})

t.test('a fever concluded before the card is denied with FEVER once the card comes', async (t) => {
  const kiosk = new KioskHarness({ ...temperatureFirst, screening: noRemeasure })
  kiosk.send(readings(38.4))
  t.same([kiosk.state.phase, kiosk.of('feedback').at(-1)?.pattern], ['measured', 'fever'])
  kiosk.send(ZHANG)
  t.equal(kiosk.of('journal')[0]?.attempt.outcome.reason, 'FEVER')
})

t.test('a fever whose person walks away unidentified still raises FEVER_CONFIRMED', async (t) => {
  const kiosk = new KioskHarness({ ...temperatureFirst, screening: noRemeasure }).send(readings(38.4)).advance(20_000)
  t.same([kiosk.state, kiosk.of('journal'), kiosk.of('alert').map((a) => a.alarm)], [IDLE, [], ['FEVER_CONFIRMED']])
})

t.test('soft lane, temperature first: staff clear the reading, then the card decides', async (t) => {
  const kiosk = new KioskHarness({ ...temperatureFirst, enforcement: 'soft', screening: noRemeasure })
  kiosk.send(readings(37.7)).send({ type: 'staff-checked', celsius: 36.9, staff: WANG })
  t.equal(kiosk.state.phase, 'measured')
  kiosk.send(ZHANG)
  const [attempt] = kiosk.of('journal')
  t.same([attempt?.attempt.outcome.reason, attempt?.attempt.staffCheck?.staff], ['GRANTED', WANG])
})

t.test('soft lane, temperature first: staff who never come leave nothing to decide on', async (t) => {
  const kiosk = new KioskHarness({ ...temperatureFirst, enforcement: 'soft', screening: noRemeasure }).send(readings(37.7)).advance(60_000)
  t.same([kiosk.state, kiosk.of('alert').map((a) => a.alarm)], [IDLE, ['FEVER_SUSPECTED', 'STAFF_CHECK_TIMED_OUT']])
})

t.test('a temperature-first lane still takes a card presented first', async (t) => {
  const kiosk = new KioskHarness(temperatureFirst).send(ZHANG).send(readings(36.4))
  t.same(kiosk.phases, ['idle', 'identified', 'measuring', 'decided', 'feedback'])
})

t.test('a quarantined resident leaving through the kiosk lane is refused, unmeasured', async (t) => {
  const observed = (e: MutableEntities) =>
    void e.observation.push(makeObservation('obs-1', 'person', 'p-zhang', MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS + DAY_MS))
  const kiosk = new KioskHarness({ direction: 'out' }, observed).send(ZHANG)
  t.same([kiosk.kinds(), kiosk.of('journal')[0]?.attempt.outcome.reason], [['journal', 'feedback'], 'QUARANTINED'])
})
