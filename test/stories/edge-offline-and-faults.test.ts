/**
 * The gate at 2 a.m. with things going wrong: no hub for two days, a door forced or propped open,
 * a reader's cable pulled and pushed back, and noise on every serial line. The edge keeps
 * deciding from its cache, raises each fault as an alarm in its journal, counts the bad frames,
 * and keeps working.
 */
import t, { type Test } from 'tap'
import { DoorBoardGpio } from '../../edge/src/adapters/gpio/door-board-gpio.js'
import { SimulatedDoorBoard } from '../../firmware-sim/src/gpio/simulated-door-board.js'
import { SimulatedQrScanner } from '../../firmware-sim/src/qr/simulated-qr-scanner.js'
import { SimulatedThermometer } from '../../firmware-sim/src/thermometer/simulated-thermometer.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { DAY_MS, communityEntities, makeCredential, makePhoneKey } from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { startStoryEdge } from './story-edge.js'
import { phoneCode, storyPhone } from './story-phones.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'
import { WarpClock } from './warp-clock.js'

const ZHANG_CARD = { facility: 212, card: 7041 }
const HELD_OPEN_AFTER_MS = 1000
const PULSE_MS = 500
/** More than the edge's 30 ms debounce of GPIO door inputs. */
const DEBOUNCE_MS = 50

function osdpDoor(id: string, reader: string, extra: Record<string, unknown> = {}) {
  return { id, failMode: 'fail-secure', lock: { kind: 'osdp', reader, output: 0 }, pulseMs: PULSE_MS, entries: [{ reader, direction: 'in' }], ...extra }
}

/** Doors without a temperature check, so each story is about its fault alone. */
function entitiesWithoutScreening() {
  const entities = communityEntities()
  entities.door = entities.door.map((door) => ({ ...door, isTemperatureRequired: false }))
  return entities
}

t.test('two days without the hub: a door that trusts its cache for one day refuses POLICY_STALE, the other gate keeps deciding', async (t) => {
  const entities = entitiesWithoutScreening()
  entities.door = entities.door.map((door) => (door.id === 'north-gate' ? { ...door, maxPolicyAgeMs: DAY_MS } : door))
  const clock = new WarpClock()
  const north = storyReader(clock, 1)
  const east = storyReader(clock, 2)
  const edge = await startStoryEdge(t, {
    config: storyConfig({ osdpBuses: [osdpBus('bus-1', { 'north-in': 1, 'east-in': 2 })], doors: [osdpDoor('north-gate', 'north-in'), osdpDoor('east-gate', 'east-in')] }),
    entities,
    clock,
    // The policy came from the hub; then the hub went away for two days.
    beforeStart: () => clock.advance(2 * DAY_MS),
    devices: { 'bus-1': new MultiDropBus([north, east]) },
  })
  t.equal(edge.runtime.decisionContext().isHubConnected, false, 'no hub link')
  north.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { doorId: 'north-gate', personId: 'p-zhang', decision: { granted: false, reason: 'POLICY_STALE' } })
  t.match(await edge.waitForScreen('north-gate', 'the refusal', (screen) => screen.decision !== null), { decision: { granted: false, reason: 'POLICY_STALE' } })
  const pulsed = nextRelayPulse(east)
  east.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(2), { doorId: 'east-gate', personId: 'p-zhang', decision: { granted: true } })
  await pulsed
  t.same([relayPulses(north), relayPulses(east)], [0, 1])
  t.equal(edge.sqliteJournal.backlog().count, 2, 'both attempts wait in the journal for the hub')
})

t.test('a door on GPIO: forced open raises DOOR_FORCED, an exit does not, and held open after a grant raises DOOR_HELD_OPEN', async (t) => {
  const clock = new WarpClock()
  const board = new SimulatedDoorBoard(clock, 'fail-secure')
  const reader = storyReader(clock, 1)
  const edge = await startStoryEdge(t, {
    config: storyConfig({
      osdpBuses: [osdpBus('bus-1', { 'east-in': 1 })],
      doors: [
        {
          id: 'east-gate',
          failMode: 'fail-secure',
          lock: { kind: 'gpio', line: 17 },
          contact: { kind: 'gpio', line: 27 },
          exitButton: { kind: 'gpio', line: 22, isActiveLow: true },
          heldOpenAfterMs: HELD_OPEN_AFTER_MS,
          pulseMs: PULSE_MS,
          entries: [{ reader: 'east-in', direction: 'in' }],
        },
      ],
    }),
    entities: entitiesWithoutScreening(),
    clock,
    gpio: new DoorBoardGpio(board),
    devices: { 'bus-1': reader },
  })
  /** The door board's inputs are debounced by the edge: let each change settle. */
  const settle = () => clock.advance(DEBOUNCE_MS)
  board.openDoor()
  t.match(await edge.waitForAlarm('DOOR_FORCED'), { doorId: 'east-gate', state: 'raised' })
  board.closeDoor()
  await edge.waitForAlarm('DOOR_FORCED', 'cleared')

  // Someone leaves with the exit button: an opening, not a forced door.
  for (const act of [() => board.pressExitButton(), () => board.releaseExitButton(), () => board.openDoor(), () => board.closeDoor()]) {
    act()
    settle()
  }

  reader.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { doorId: 'east-gate', decision: { granted: true } })
  await edge.waitForScreen('east-gate', 'the grant', (screen) => screen.decision?.granted === true)
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), 1, "the grant pulsed the board's relay")
  board.openDoor()
  settle()
  clock.advance(PULSE_MS + HELD_OPEN_AFTER_MS)
  t.match(await edge.waitForAlarm('DOOR_HELD_OPEN'), { doorId: 'east-gate', state: 'raised', detail: 'open longer than 1 s' })
  t.equal(board.isLocked, true, 'the strike relocked on time while the door stood open')
  board.closeDoor()
  settle()
  await edge.waitForAlarm('DOOR_HELD_OPEN', 'cleared')
  t.same(
    edge.alarms().map((alarm) => `${String(alarm.kind)} ${String(alarm.state)}`),
    ['DOOR_FORCED raised', 'DOOR_FORCED cleared', 'DOOR_HELD_OPEN raised', 'DOOR_HELD_OPEN cleared'],
    'the exit and the granted opening raised nothing',
  )
  t.equal(board.isLocked, true)
})

t.test("a reader's cable pulled out raises READER_OFFLINE; plugged back, the alarm clears and cards work again", async (t) => {
  const clock = new WarpClock()
  const reader = storyReader(clock, 1)
  const edge = await startStoryEdge(t, {
    config: storyConfig({ osdpBuses: [osdpBus('bus-1', { 'east-in': 1 })], doors: [osdpDoor('east-gate', 'east-in')] }),
    entities: entitiesWithoutScreening(),
    clock,
    devices: { 'bus-1': reader },
  })
  const line = edge.hardware.lines.get('bus-1')!
  line.isUnplugged = true
  t.match(await edge.waitForAlarm('READER_OFFLINE'), { doorId: 'east-gate', device: 'east-in' })
  t.match(edge.runtime.devicesHealth()['east-in'], { kind: 'reader', state: 'offline' })
  // A card held to a reader nobody polls is not lost: the reader reports it once it is polled again.
  line.isUnplugged = false
  await edge.waitForAlarm('READER_OFFLINE', 'cleared')
  const pulsed = nextRelayPulse(reader)
  reader.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { doorId: 'east-gate', personId: 'p-zhang', decision: { granted: true } })
  await pulsed
  t.match(edge.runtime.devicesHealth()['east-in'], { kind: 'reader', state: 'degraded', detail: 'online' })
})

t.test('noise and corrupt packets on the reader bus are counted and skipped; the next card still opens the gate', async (t) => {
  const clock = new WarpClock()
  const reader = storyReader(clock, 1)
  const edge = await startStoryEdge(t, {
    config: storyConfig({ osdpBuses: [osdpBus('bus-1', { 'east-in': 1 })], doors: [osdpDoor('east-gate', 'east-in')] }),
    entities: entitiesWithoutScreening(),
    clock,
    devices: { 'bus-1': reader },
  })
  const line = edge.hardware.lines.get('bus-1')!
  const panel = edge.runtime.devices.panels.get('bus-1')!
  for (let burst = 0; burst < 3; burst++) line.injectGarbage(Buffer.from([0x00, 0x11, 0x22, 0x7e, 0x01]))
  line.corruptNext = 2
  const pulsed = nextRelayPulse(reader)
  reader.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { doorId: 'east-gate', decision: { granted: true } })
  await pulsed
  t.ok(panel.decodeErrors.get('GARBAGE') >= 3, `line noise counted: ${JSON.stringify(panel.decodeErrors.toJSON())}`)
  t.equal(panel.decodeErrors.get('BAD_CRC'), 2, 'both corrupt replies counted')
  t.equal(line.applied.corrupt, 2)
  t.same(edge.alarms(), [], 'retries absorbed the corrupt replies: the reader never went offline')
})

t.test('noise on the thermometer and QR scanner lines is counted; the kiosk still measures and reads phone codes', async (t) => {
  const clock = new WarpClock()
  const phone = storyPhone()
  const entities = communityEntities()
  entities.credential.push(makeCredential('c-phone-zhang', 'p-zhang', 'phone:k-zhang', { kind: 'phone' }))
  entities['phone-key'].push(makePhoneKey('k-zhang', 'p-zhang', { publicKey: phone.publicKeyBase64 }))
  const reader = storyReader(clock, 1)
  let noise = 0
  const thermometer = new SimulatedThermometer({ clock, random: () => ((noise = (noise * 9301 + 49297) % 233280) / 233280), intervalMs: 10 })
  const scanner = new SimulatedQrScanner()
  const edge = await startStoryEdge(t, {
    config: storyConfig({
      osdpBuses: [osdpBus('bus-1', { 'north-in': 1 })],
      thermometers: [{ id: 'therm-1', link: 'sim://therm-1' }],
      qrScanners: [{ id: 'north-qr', link: 'sim://north-qr', maxLineLength: 300 }],
      doors: [osdpDoor('north-gate', 'north-in', { thermometer: 'therm-1', qrScanner: 'north-qr' })],
    }),
    entities,
    clock,
    devices: { 'bus-1': reader, 'therm-1': thermometer, 'north-qr': scanner },
  })
  const thermometerLine = edge.hardware.lines.get('therm-1')!
  thermometerLine.corruptNext = 3
  thermometerLine.injectGarbage(Buffer.from([0x01, 0x02, 0x03]))
  scanner.scanRaw(Buffer.from([0x47, 0x48, 0x00, 0x31, 0x0d, 0x0a]))
  scanner.scan(`GH1.${'x'.repeat(400)}`)

  const pulsed = nextRelayPulse(reader)
  scanner.scan(phoneCode('k-zhang', phone))
  const event = await edge.waitForNthEvent(1)
  t.match(event, { doorId: 'north-gate', personId: 'p-zhang', credential: { kind: 'qr' }, decision: { granted: true }, temperature: { isFever: false } })
  await pulsed
  const health = edge.runtime.devicesHealth()
  t.match(health['therm-1'], { kind: 'thermometer', state: 'ok' })
  const thermometerErrors = Object.values(health['therm-1']!.errorCounts ?? {}).reduce((sum, count) => sum + count, 0)
  t.ok(thermometerErrors >= 4, `corrupt frames and noise counted: ${JSON.stringify(health['therm-1']!.errorCounts)}`)
  t.match(health['north-qr'], { kind: 'qr-scanner', state: 'ok', errorCounts: { NON_PRINTABLE: 1, LINE_TOO_LONG: 1 } })
})
