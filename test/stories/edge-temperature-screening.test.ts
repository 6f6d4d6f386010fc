/**
 * Story 1, temperature at every entrance: the north gate's kiosk measures everyone entering with
 * its GY-MCU90614, re-measures a high reading before calling it a fever, refuses and raises a
 * confirmed fever, and never lets anyone through unmeasured when the thermometer goes quiet —
 * nor keeps them waiting for a thermometer it knows is offline.
 */
import t, { type Test } from 'tap'
import { SimulatedThermometer } from '../../firmware-sim/src/thermometer/simulated-thermometer.js'
import { communityEntities, makeSite } from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { startStoryEdge } from './story-edge.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'
import { WarpClock } from './warp-clock.js'

const ZHANG_CARD = { facility: 212, card: 7041 }
/** How long the kiosk waits for a measurement; fixed in edge/src/assembly/kiosk-lane-for.ts. */
const MEASURE_TIMEOUT_MS = 15_000

const config = storyConfig({
  osdpBuses: [osdpBus('bus-1', { 'north-in': 1 })],
  thermometers: [{ id: 'therm-1', link: 'sim://therm-1', staleAfterMs: 300 }],
  doors: [
    {
      id: 'north-gate',
      failMode: 'fail-secure',
      lock: { kind: 'osdp', reader: 'north-in', output: 0 },
      pulseMs: 500,
      entries: [{ reader: 'north-in', direction: 'in', lane: 'residents' }],
      thermometer: 'therm-1',
    },
  ],
})

/** mulberry32: the thermometer's noise, the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = state
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

async function northGate(t: Test, options: { clock?: WarpClock; isThermometerUnplugged?: boolean } = {}) {
  const entities = communityEntities()
  // The north gate requires a temperature; a quick re-measure keeps the story short.
  entities.site = [makeSite({ remeasureWaitMs: 50, maxRemeasures: 2 })]
  const clock = options.clock ?? new WarpClock()
  const reader = storyReader(clock, 1)
  const thermometer = new SimulatedThermometer({ clock, random: seededRandom(20200214), intervalMs: 10 })
  const edge = await startStoryEdge(t, {
    config,
    entities,
    clock,
    devices: { 'bus-1': reader, 'therm-1': thermometer },
    awaitDevices: options.isThermometerUnplugged !== true,
    beforeStart: (edge) => {
      if (options.isThermometerUnplugged === true) edge.hardware.lines.get('therm-1')!.isUnplugged = true
    },
  })
  return { edge, reader, thermometer }
}

t.test('a resident with a normal temperature is measured once and let in', async (t) => {
  const { edge, reader, thermometer } = await northGate(t)
  thermometer.setScenario('normal')
  const pulsed = nextRelayPulse(reader)
  reader.presentCard(ZHANG_CARD)
  const event = await edge.waitForNthEvent(1)
  await pulsed
  t.match(event, {
    doorId: 'north-gate',
    direction: 'in',
    lane: 'residents',
    personId: 'p-zhang',
    decision: { granted: true, reason: 'GRANTED' },
    temperature: { isFever: false, remeasured: false },
  })
  t.ok(Math.abs((event.temperature as { celsius: number }).celsius - 36.5) <= 0.2, 'the journal holds the measured temperature')
  t.match(edge.runtime.screens.get('north-gate'), { phase: 'decided', personName: '张建国', temperature: { status: 'normal' }, decision: { granted: true } })
  t.ok(edge.screensOf('north-gate').some((screen) => screen.phase === 'measuring'), 'the screen asked the resident to hold still')
  t.equal(relayPulses(reader), 1)
})

t.test('sunlight reads high: the kiosk measures again, and a normal second reading lets the resident in', async (t) => {
  const { edge, reader, thermometer } = await northGate(t)
  thermometer.setScenario('sunlight')
  // The resident steps into the shade of the booth as soon as the screen asks to measure again.
  edge.runtime.screens.on('changed', (screen) => {
    if (screen.phase === 're-measuring') thermometer.setScenario('normal')
  })
  const pulsed = nextRelayPulse(reader)
  reader.presentCard(ZHANG_CARD)
  const event = await edge.waitForNthEvent(1)
  t.match(event, { personId: 'p-zhang', decision: { granted: true, reason: 'GRANTED' }, temperature: { isFever: false, remeasured: true } })
  const remeasure = edge.screensOf('north-gate').find((screen) => screen.phase === 're-measuring')
  t.ok(remeasure !== undefined && remeasure.temperature !== null && remeasure.temperature.celsius >= 37.3, 'the screen showed the high first reading while asking to measure again')
  t.same(edge.alarms().filter((alarm) => String(alarm.kind).startsWith('FEVER')), [], 'no fever alarm for a reading that did not hold')
  await pulsed
  t.equal(relayPulses(reader), 1)
})

t.test('a fever is measured again twice, then confirmed: refused, raised as FEVER_CONFIRMED, the gate stays shut', async (t) => {
  const { edge, reader, thermometer } = await northGate(t)
  thermometer.setSubject(38.6)
  reader.presentCard(ZHANG_CARD)
  const alarm = await edge.waitForAlarm('FEVER_CONFIRMED')
  const event = await edge.waitForNthEvent(1)
  t.match(event, {
    doorId: 'north-gate',
    personId: 'p-zhang',
    decision: { granted: false, reason: 'FEVER' },
    temperature: { isFever: true, remeasured: true },
  })
  t.ok(Math.abs((event.temperature as { celsius: number }).celsius - 38.6) <= 0.2)
  t.match(alarm, { kind: 'FEVER_CONFIRMED', state: 'raised', doorId: 'north-gate', detail: /^38\.\d °C$/ })
  const phases = edge.screensOf('north-gate').map((screen) => screen.phase)
  t.equal(phases.filter((phase) => phase === 're-measuring').length, 2, 'measured three times in all: two re-measures')
  t.match(edge.runtime.screens.get('north-gate'), {
    phase: 'decided',
    personName: '张建国',
    temperature: { status: 'fever' },
    decision: { granted: false, reason: 'FEVER', text: { zh: '体温异常，请到复测点' } },
  })
  t.equal(relayPulses(reader), 0, 'the relay never moved')
  t.equal(edge.events().length, 1, 'one attempt, one journal entry')
})

t.test('staff re-measure a confirmed fever with a contact thermometer: a normal reading lets the resident in, logged with the staff member', async (t) => {
  const { edge, reader, thermometer } = await northGate(t)
  thermometer.setSubject(38.6)
  reader.presentCard(ZHANG_CARD)
  await edge.waitForEvent('the fever refusal', (event) => (event.decision as { reason?: string }).reason === 'FEVER')
  // No page or route takes a staff reading yet: the volunteer's reading goes to the lane's kiosk.
  const kiosk = edge.runtime.doors[0]!.kiosks.get('north-in')!
  const pulsed = nextRelayPulse(reader)
  await kiosk.submit({ type: 'staff-checked', celsius: 36.9, staff: { id: 's-wang', name: '王志愿者' } })
  const cleared = await edge.waitForNthEvent(2)
  await pulsed
  t.match(cleared, {
    personId: 'p-zhang',
    decision: { granted: true, reason: 'GRANTED' },
    temperature: { celsius: 36.9, isFever: false, remeasured: true },
    actor: { kind: 'staff', id: 's-wang', name: '王志愿者' },
    note: 'staff check 36.9 °C cleared',
  })
  t.equal(relayPulses(reader), 1)
})

t.test('a thermometer known to be offline refuses at once with TEMPERATURE_REQUIRED and says so: nobody waits, nobody is let in unmeasured', async (t) => {
  const clock = new WarpClock()
  const { edge, reader, thermometer } = await northGate(t, { clock })
  thermometer.setScenario('normal')
  edge.hardware.lines.get('therm-1')!.isUnplugged = true
  const offline = await edge.waitForAlarm('THERMOMETER_OFFLINE')
  t.match(offline, { doorId: 'north-gate', device: 'therm-1' })

  // No clock.advance: the refusal must come without waiting for the measuring timeout.
  reader.presentCard(ZHANG_CARD)
  const refused = await edge.waitForNthEvent(1)
  t.match(refused, { personId: 'p-zhang', decision: { granted: false, reason: 'TEMPERATURE_REQUIRED' } })
  t.notOk('temperature' in refused, 'no temperature is journalled when none was measured')
  const screen = await edge.waitForScreen('north-gate', 'the refusal', (screen) => screen.decision !== null)
  t.match(screen, {
    personName: '张建国',
    decision: { granted: false, reason: 'TEMPERATURE_REQUIRED', text: { zh: '测温设备故障，请找工作人员测量体温', en: 'Thermometer out of order: please see the staff to be measured' } },
  })
  t.notOk(edge.screensOf('north-gate').some((shown) => shown.phase === 'measuring'), 'nobody was asked to hold still in front of a dead thermometer')
  t.equal(relayPulses(reader), 0, 'never a silent grant')

  edge.hardware.lines.get('therm-1')!.isUnplugged = false
  await edge.waitForAlarm('THERMOMETER_OFFLINE', 'cleared')
  const pulsed = nextRelayPulse(reader)
  reader.presentCard(ZHANG_CARD)
  const second = await edge.waitForNthEvent(2)
  t.match(second, { decision: { granted: true }, temperature: { isFever: false } })
  await pulsed
  t.equal(relayPulses(reader), 1, 'measured again once the thermometer is back')
})

t.test('a thermometer that goes quiet while someone is measured: after the measuring timeout, TEMPERATURE_SKIPPED and a refusal', async (t) => {
  const clock = new WarpClock()
  const { edge, reader, thermometer } = await northGate(t, { clock })
  thermometer.setSubject(36.5)
  // The resident steps up; the cable is pulled before a single sample is in.
  edge.runtime.screens.on('changed', (screen) => {
    if (screen.phase === 'measuring') edge.hardware.lines.get('therm-1')!.isUnplugged = true
  })
  reader.presentCard(ZHANG_CARD)
  await edge.waitForScreen('north-gate', 'measuring', (screen) => screen.phase === 'measuring')
  clock.advance(MEASURE_TIMEOUT_MS)
  t.match(await edge.waitForNthEvent(1), { personId: 'p-zhang', decision: { granted: false, reason: 'TEMPERATURE_REQUIRED' } })
  t.match(await edge.waitForAlarm('TEMPERATURE_SKIPPED'), { doorId: 'north-gate' })
  t.equal(relayPulses(reader), 0)
})

t.test('a thermometer that never answers after a power cut raises THERMOMETER_OFFLINE too', async (t) => {
  const clock = new WarpClock()
  const { edge } = await northGate(t, { clock, isThermometerUnplugged: true })
  await edge.readersOnline()
  // Longer than any start-up grace: a gate that booted with its thermometer unplugged must say so.
  clock.advance(10_000)
  t.match(await edge.waitForAlarm('THERMOMETER_OFFLINE'), { doorId: 'north-gate', device: 'therm-1' })
})
