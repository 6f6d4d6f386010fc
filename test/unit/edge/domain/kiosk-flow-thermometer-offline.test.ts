import t from 'tap'
import { KioskHarness, ZHANG, readings } from './kiosk-harness.js'

const offline = { isThermometerAvailable: false } as const

t.test('with the thermometer known offline, a resident who must be measured is refused at once, and the screen says why', async (t) => {
  const kiosk = new KioskHarness(offline).send(ZHANG)
  t.same(kiosk.phases, ['idle', 'identified', 'feedback'], 'never measuring')
  t.same(kiosk.kinds(), ['journal', 'feedback'])
  const attempt = kiosk.of('journal')[0]!.attempt
  t.same([attempt.outcome.reason, attempt.outcome.person?.id, attempt.temperature.status], ['TEMPERATURE_REQUIRED', 'p-zhang', 'none'])
  t.match(kiosk.of('feedback')[0], { pattern: 'denied', reason: 'TEMPERATURE_REQUIRED', prompt: 'thermometer-offline', person: { id: 'p-zhang' } })
  t.same(kiosk.of('alert'), [], 'no TEMPERATURE_SKIPPED: nobody skipped anything, THERMOMETER_OFFLINE is already raised')
})

t.test("the door's fallback can send people to the assisted lane instead", async (t) => {
  const kiosk = new KioskHarness({ ...offline, thermometerOfflineFallback: 'assisted-lane' }).send(ZHANG)
  t.match(kiosk.of('feedback')[0], { reason: 'TEMPERATURE_REQUIRED', prompt: 'use-assisted-lane' })
})

t.test('doors that need no measurement, and people going out, are not affected', async (t) => {
  t.match(new KioskHarness({ ...offline, doorId: 'b1-door' }).send(ZHANG).of('feedback')[0], { pattern: 'granted', reason: 'GRANTED', prompt: null })
  t.match(new KioskHarness({ ...offline, direction: 'out' }).send(ZHANG).of('feedback')[0], { pattern: 'granted', prompt: null })
})

t.test('a re-measure that falls due after the thermometer went offline decides at once without a measurement', async (t) => {
  const kiosk = new KioskHarness().send(ZHANG).send(readings(38.4))
  t.equal(kiosk.state.phase, 're-measuring')
  kiosk.changeLane(offline).advance(10_000)
  t.same(kiosk.phases.slice(-3), ['re-measuring', 'decided', 'feedback'])
  t.match(kiosk.of('feedback').at(-1), { reason: 'TEMPERATURE_REQUIRED', prompt: 'thermometer-offline' })
  t.equal(kiosk.of('start-measuring').length, 1, 'measured once, never again on a dead thermometer')
})

t.test('a thermometer that is fine measures as before', async (t) => {
  const kiosk = new KioskHarness().send(ZHANG)
  t.equal(kiosk.state.phase, 'measuring')
  kiosk.send(readings(36.5))
  t.match(kiosk.of('feedback').at(-1), { pattern: 'granted', prompt: null })
})
