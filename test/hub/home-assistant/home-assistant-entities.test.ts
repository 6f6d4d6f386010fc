import t from 'tap'
import { discoveryMessages, stateMessages, type HomeAssistantEdge } from '../../../hub/src/domain/home-assistant/home-assistant-entities.js'

const SETTINGS = { discoveryPrefix: 'homeassistant', stateBase: 'gatehouse-ha', shareTemperatures: false }
const EDGE: HomeAssistantEdge = {
  id: 'gate-north',
  name: 'North gate',
  softwareVersion: null,
  doors: [
    { id: 'north-in', name: 'North gate in', isTemperatureRequired: true },
    { id: 'Bad Door', name: 'not a topic level', isTemperatureRequired: false },
  ],
}

function states(view: Parameters<typeof stateMessages>[2]): Record<string, string> {
  return Object.fromEntries(stateMessages(EDGE, SETTINGS, view).map((message) => [message.topic, message.payload]))
}

t.test('temperatures are announced only when shared, doors whose id is no topic level are left out, and no version means no sw_version', async (t) => {
  const topics = discoveryMessages(EDGE, SETTINGS).map((message) => message.topic)
  t.equal(topics.filter((topic) => topic.includes('temperature')).length, 0)
  t.equal(topics.filter((topic) => topic.includes('Bad')).length, 0)
  t.equal(topics.length, 6, 'lock and three door alarms, tamper and offline')
  const shared = discoveryMessages(EDGE, { ...SETTINGS, shareTemperatures: true }).map((message) => message.topic)
  t.ok(shared.includes('homeassistant/sensor/gatehouse_gate-north/north-in_temperature/config'))
  t.notMatch(discoveryMessages(EDGE, SETTINGS)[0]!.payload, 'sw_version')
})

t.test('alarm sensors are ON exactly while an alert of their kind is open, at their door or edge', async (t) => {
  const quiet = states({ isOnline: true, openAlerts: [], unlockedDoorIds: new Set() })
  t.equal(quiet['gatehouse-ha/gate-north/availability'], 'online')
  t.equal(quiet['gatehouse-ha/gate-north/door/north-in/lock/state'], 'LOCKED')
  t.same(Object.values(quiet).filter((payload) => payload === 'ON'), [])
  const busy = states({
    isOnline: true,
    openAlerts: [
      { kind: 'FEVER', doorId: 'north-in' },
      { kind: 'TAMPER', doorId: null },
      { kind: 'DOOR_FORCED', doorId: null },
      { kind: 'REPEATED_DENIALS', doorId: 'north-in' },
    ],
    unlockedDoorIds: new Set(['north-in']),
  })
  t.equal(busy['gatehouse-ha/gate-north/door/north-in/fever/state'], 'ON')
  t.equal(busy['gatehouse-ha/gate-north/tamper/state'], 'ON')
  t.equal(busy['gatehouse-ha/gate-north/door/north-in/door_forced/state'], 'OFF', 'a door alert without a door turns no door on')
  t.equal(busy['gatehouse-ha/gate-north/door/north-in/lock/state'], 'UNLOCKED')
})

t.test('an edge that is not online is unavailable and its offline sensor is ON', async (t) => {
  const away = states({ isOnline: false, openAlerts: [], unlockedDoorIds: new Set() })
  t.equal(away['gatehouse-ha/gate-north/availability'], 'offline')
  t.equal(away['gatehouse-ha/gate-north/offline/state'], 'ON')
})
