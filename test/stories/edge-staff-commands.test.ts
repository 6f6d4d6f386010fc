/**
 * Stories 1 and 4 from the staff app: the gate volunteer acts at the edge through hub-signed
 * commands. At the assisted lane they open by hand and must say why; at a soft-screening lane
 * their contact-thermometer reading clears or confirms the fever the kiosk suspected. Every act
 * is journalled with their name; a command that cannot apply says exactly why, and moves nothing.
 */
import t, { type Test } from 'tap'
import { SimulatedThermometer } from '../../firmware-sim/src/thermometer/simulated-thermometer.js'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { connected } from '../fakes/hub-link-fixtures.js'
import { communityEntities, makeSite } from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { startStoryEdge } from './story-edge.js'
import { attachStoryHub, commandAndReply, signedStoryCommand, storyBroker } from './story-hub.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'

const ZHANG_CARD = { facility: 212, card: 7041 }
const VOLUNTEER = { kind: 'staff', id: 's-wang', name: '王阿姨' } as const

/** The north gate: a residents' lane and an assisted lane on one relay, screened softly (staff decide a fever). */
async function northGateWithStaff(t: Test) {
  const broker = await storyBroker(t)
  const config = storyConfig({
    hub: { url: broker.url },
    osdpBuses: [osdpBus('bus-1', { 'north-in': 1, 'assist-in': 2 })],
    thermometers: [{ id: 'therm-1', link: 'sim://therm-1', staleAfterMs: 300 }],
    doors: [
      {
        id: 'north-gate',
        failMode: 'fail-secure',
        lock: { kind: 'osdp', reader: 'north-in', output: 0 },
        pulseMs: 500,
        entries: [
          { reader: 'north-in', direction: 'in', lane: 'residents' },
          { reader: 'assist-in', direction: 'in', lane: 'assisted' },
        ],
        thermometer: 'therm-1',
      },
    ],
  })
  const entities = communityEntities()
  entities.site = [makeSite({ remeasureWaitMs: 50, maxRemeasures: 1 })]
  entities.door = entities.door.map((row) => (row.id === 'north-gate' ? { ...row, temperatureEnforcement: 'soft' as const, antiPassback: 'off' as const } : row))
  const north = storyReader(systemClock, 1)
  const assist = storyReader(systemClock, 2)
  const thermometer = new SimulatedThermometer({ clock: systemClock, random: () => 0.5, intervalMs: 10 })
  thermometer.setScenario('normal')
  const edge = await startStoryEdge(t, { config, entities, devices: { 'bus-1': new MultiDropBus([north, assist]), 'therm-1': thermometer } })
  const hub = attachStoryHub(edge)
  await connected(hub.link)
  return { broker, edge, north, thermometer }
}

t.test('a volunteer opens the assisted lane by hand from the staff app: journalled with the reason and the name, then the relay moves', async (t) => {
  const { broker, edge, north } = await northGateWithStaff(t)
  const pulsed = nextRelayPulse(north)
  const reply = await commandAndReply(broker, signedStoryCommand({ action: 'UNLOCK', actor: VOLUNTEER, reason: '轮椅老人 wheelchair user' }))
  t.match(reply, { status: 'ok' })
  await pulsed
  t.match(edge.events(), [
    {
      doorId: 'north-gate',
      lane: 'assisted',
      credential: { kind: 'manual', maskedReference: '****' },
      decision: { granted: true, reason: 'MANUAL_OVERRIDE' },
      actor: { kind: 'staff', id: 's-wang', name: '王阿姨' },
      note: '轮椅老人 wheelchair user',
    },
  ])
  t.match(edge.runtime.screens.get('north-gate'), { decision: { granted: true, reason: 'MANUAL_OVERRIDE', text: { en: 'Opened by staff' } } })
  t.equal(relayPulses(north), 1)
})

t.test('a staff opening without a reason is refused REASON_REQUIRED: nothing journalled, nothing moves', async (t) => {
  const { broker, edge, north } = await northGateWithStaff(t)
  for (const reason of [undefined, '   ']) {
    const command = signedStoryCommand({ action: 'UNLOCK', actor: VOLUNTEER, ...(reason !== undefined && { reason }) })
    t.match(await commandAndReply(broker, command), { status: 'error', code: 'REASON_REQUIRED' }, `reason ${JSON.stringify(reason)}`)
  }
  t.same(edge.events(), [])
  t.equal(relayPulses(north), 0)
})

t.test('a suspected fever waits for the volunteer; their normal contact reading clears it and lets the resident in, logged with them', async (t) => {
  const { broker, edge, north, thermometer } = await northGateWithStaff(t)
  thermometer.setSubject(38.4)
  north.presentCard(ZHANG_CARD)
  await edge.waitForAlarm('FEVER_SUSPECTED')
  thermometer.setScenario('normal')

  const contradicting = await commandAndReply(broker, signedStoryCommand({ action: 'CONFIRM_FEVER', actor: VOLUNTEER, contactCelsius: 36.8 }))
  t.match(contradicting, { status: 'error', code: 'READING_CONTRADICTS_ACTION' }, 'a normal reading cannot confirm a fever')
  t.notMatch(String(contradicting.detail), /36/, 'the reply does not carry the temperature')
  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'CLEAR_FEVER', actor: VOLUNTEER })), { status: 'error', code: 'READING_REQUIRED' })
  t.same(edge.events(), [], 'nothing decided yet: the kiosk still waits for staff')

  const pulsed = nextRelayPulse(north)
  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'CLEAR_FEVER', actor: VOLUNTEER, contactCelsius: 36.8 })), { status: 'ok' })
  await pulsed
  t.match(edge.events(), [
    {
      lane: 'residents',
      personId: 'p-zhang',
      decision: { granted: true, reason: 'GRANTED' },
      temperature: { celsius: 36.8, isFever: false, remeasured: true },
      actor: { kind: 'staff', id: 's-wang', name: '王阿姨' },
      note: 'staff check 36.8 °C cleared',
    },
  ])
  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'CLEAR_FEVER', actor: VOLUNTEER, contactCelsius: 36.8 })), { status: 'error', code: 'NO_STAFF_CHECK_PENDING' }, 'once decided, nothing waits any more')
  t.equal(relayPulses(north), 1)
})

t.test("the volunteer's high contact reading confirms the fever: refused, FEVER_CONFIRMED raised, the gate stays shut", async (t) => {
  const { broker, edge, north, thermometer } = await northGateWithStaff(t)
  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'CONFIRM_FEVER', actor: VOLUNTEER, contactCelsius: 38.1 })), { status: 'error', code: 'NO_STAFF_CHECK_PENDING' }, 'nothing suspected yet')
  thermometer.setSubject(38.4)
  north.presentCard(ZHANG_CARD)
  await edge.waitForAlarm('FEVER_SUSPECTED')
  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'CONFIRM_FEVER', actor: { kind: 'resident', id: 'p-zhang' }, contactCelsius: 36.5 })), {
    status: 'error',
    code: 'DENIED_BY_POLICY',
    denyReason: 'DOOR_NOT_PERMITTED',
  }, 'a resident cannot clear their own fever')
  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'CONFIRM_FEVER', actor: VOLUNTEER, contactCelsius: 38.1 })), { status: 'ok' })
  t.match(await edge.waitForAlarm('FEVER_CONFIRMED'), { doorId: 'north-gate' })
  t.match(edge.events(), [{ decision: { granted: false, reason: 'FEVER' }, actor: { name: '王阿姨' }, note: 'staff check 38.1 °C confirmed' }])
  t.equal(relayPulses(north), 0)
})

t.test('staff lock the gate from the hub: cards are refused at the kiosk with DOOR_LOCKED_BY_COMMAND until RELEASE', async (t) => {
  const { broker, edge, north } = await northGateWithStaff(t)
  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'LOCK', actor: VOLUNTEER })), { status: 'ok' })
  north.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { personId: 'p-zhang', decision: { granted: false, reason: 'DOOR_LOCKED_BY_COMMAND' } })
  const screen = await edge.waitForScreen('north-gate', 'the refusal', (screen) => screen.decision?.reason === 'DOOR_LOCKED_BY_COMMAND')
  t.match(screen.decision, { granted: false, text: { zh: '此门已被管理处锁闭，请找工作人员' } })
  t.match(await commandAndReply(broker, signedStoryCommand()), { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'DOOR_LOCKED_BY_COMMAND' }, "and a resident's phone")
  t.equal(relayPulses(north), 0)

  t.match(await commandAndReply(broker, signedStoryCommand({ action: 'RELEASE', actor: VOLUNTEER })), { status: 'ok' })
  const pulsed = nextRelayPulse(north)
  north.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(3), { decision: { granted: true, reason: 'GRANTED' } })
  await pulsed
  t.equal(relayPulses(north), 1)
})
