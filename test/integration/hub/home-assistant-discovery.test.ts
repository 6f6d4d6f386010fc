/**
 * Home Assistant MQTT discovery on the wired hub: HubRuntime (real SQLite, embedded broker for
 * the edge) connected to a second real aedes broker playing the community's Home Assistant
 * broker. An edge enrolled through the API publishes over MQTT; what Home Assistant would see is
 * read from its broker: retained discovery configs, availability, alarm and lock states.
 */
import t, { type Test } from 'tap'
import { once } from 'node:events'
import net from 'node:net'
import { join } from 'node:path'
import { Aedes } from 'aedes'
import mqtt, { type MqttClient } from 'mqtt'
import { edgeClientId } from '../../../edge/src/adapters/mqtt/edge-client-id.js'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import {
  discoveryConfigTopic,
  doorEntityStateTopic,
  edgeAvailabilityTopic,
  edgeEntityStateTopic,
  hubAvailabilityTopic,
  lockCommandTopic,
} from '../../../protocol/mqtt/home-assistant-topics.js'
import { MESSAGE_EXAMPLES } from '../../../protocol/mqtt/message-examples.js'
import { accessEventTopic, alarmTopic, edgeStatusTopic } from '../../../protocol/mqtt/topics.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { enrollEdgeThroughApi } from './enrolled-edge.js'

const EDGE_ID = 'gate-north'
const DOOR_ID = 'north-gate-in'
const NOW_MS = Date.UTC(2026, 2, 2, 8, 15)
const STATE_BASE = 'gatehouse-ha'

/** A plain broker with no ACL, as Home Assistant's Mosquitto add-on is for its own users. */
async function homeAssistantBroker(t: Test): Promise<string> {
  const broker = await Aedes.createBroker()
  const server = net.createServer(broker.handle)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const address = server.address() as net.AddressInfo
  return `mqtt://127.0.0.1:${address.port}`
}

/** A client of the Home Assistant broker that remembers the last payload (and retain flag) per topic. */
async function watcher(t: Test, url: string, filters: string[]) {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 })
  t.teardown(() => client.endAsync())
  const last = new Map<string, { payload: string; isRetained: boolean }>()
  client.on('message', (topic, payload, packet) => last.set(topic, { payload: payload.toString('utf8'), isRetained: packet.retain }))
  await client.subscribeAsync(filters, { qos: 1 })
  /** Resolves once `isDone` holds, checked now and after every message. */
  const when = (isDone: () => boolean) =>
    new Promise<void>((resolve) => {
      if (isDone()) return resolve()
      const check = () => {
        if (!isDone()) return
        client.off('message', check)
        resolve()
      }
      client.on('message', check)
    })
  /** Resolves once `topic` last carried `payload`. */
  const until = (topic: string, payload: string) => when(() => last.get(topic)?.payload === payload)
  /** Resolves with the next payload on `topic` from now on. */
  const next = (topic: string) =>
    new Promise<string>((resolve) => {
      const check = (received: string, payload: Buffer) => {
        if (received !== topic) return
        client.off('message', check)
        resolve(payload.toString('utf8'))
      }
      client.on('message', check)
    })
  return { client, last, until, when, next }
}

async function publishJson(edge: MqttClient, topic: string, message: unknown, retain = false): Promise<void> {
  await edge.publishAsync(topic, JSON.stringify(message), { qos: 1, retain })
}

async function hubWithHomeAssistant(t: Test) {
  const brokerUrl = await homeAssistantBroker(t)
  const early = await watcher(t, brokerUrl, ['homeassistant/#', `${STATE_BASE}/#`])
  const loaded = loadHubConfig(
    JSON.stringify({ dataDir: join(t.testdir(), 'data'), http: { port: 0 }, mqtt: { port: 0 }, homeAssistant: { enabled: true, brokerUrl, shareTemperatures: true } }),
  )
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const log = new SilentLogger()
  const clock = new ManualClock(NOW_MS)
  const runtime = new HubRuntime({ config: loaded.value, clock, log })
  t.teardown(() => runtime.stop())
  const { httpUrl, mqttUrl } = await runtime.start()
  await early.until(hubAvailabilityTopic(STATE_BASE), 'online')
  const door = { id: DOOR_ID, name: 'North gate', kind: 'gate', isTemperatureRequired: true }
  const { password } = await enrollEdgeThroughApi(runtime, httpUrl, EDGE_ID, [door])
  const edge = await mqtt.connectAsync(mqttUrl, { protocolVersion: 4, clientId: edgeClientId(EDGE_ID), username: EDGE_ID, password, reconnectPeriod: 0 })
  t.teardown(() => edge.endAsync())
  await publishJson(edge, edgeStatusTopic('gatehouse', EDGE_ID), MESSAGE_EXAMPLES.status, true)
  await early.until(edgeAvailabilityTopic(STATE_BASE, EDGE_ID), 'online')
  return { runtime, brokerUrl, early, edge, log, clock }
}

t.test('each door is announced as a lock, its thermometer as a sensor and each alarm as a binary sensor, retained, with a device per edge', async (t) => {
  const { brokerUrl } = await hubWithHomeAssistant(t)
  const late = await watcher(t, brokerUrl, ['homeassistant/#'])
  const lockTopic = discoveryConfigTopic('homeassistant', 'lock', EDGE_ID, `${DOOR_ID}_lock`)
  const expected = [
    ['lock', `${DOOR_ID}_lock`],
    ['sensor', `${DOOR_ID}_temperature`],
    ['binary_sensor', `${DOOR_ID}_door_forced`],
    ['binary_sensor', `${DOOR_ID}_door_held_open`],
    ['binary_sensor', `${DOOR_ID}_fever`],
    ['binary_sensor', 'edge_tamper'],
    ['binary_sensor', 'edge_offline'],
  ] as const
  await late.when(() => late.last.size === expected.length)
  t.same([...late.last.keys()].sort(), expected.map(([component, objectId]) => discoveryConfigTopic('homeassistant', component, EDGE_ID, objectId)).sort())
  for (const [topic, received] of late.last) {
    t.equal(received.isRetained, true, `${topic} is retained`)
    const config = JSON.parse(received.payload) as Record<string, unknown>
    t.match(config, { unique_id: String, state_topic: String, device: { identifiers: [`gatehouse_${EDGE_ID}`], name: `Edge ${EDGE_ID}`, manufacturer: 'Gatehouse', sw_version: '0.1.0' } }, `${topic} is a config HA accepts`)
  }
  const lock = JSON.parse(late.last.get(lockTopic)!.payload) as Record<string, unknown>
  t.match(lock, {
    name: 'North gate',
    command_topic: lockCommandTopic(STATE_BASE, EDGE_ID, DOOR_ID),
    state_topic: doorEntityStateTopic(STATE_BASE, EDGE_ID, DOOR_ID, 'lock'),
    payload_lock: 'LOCK',
    state_locked: 'LOCKED',
    availability_mode: 'all',
    availability: [{ topic: hubAvailabilityTopic(STATE_BASE) }, { topic: edgeAvailabilityTopic(STATE_BASE, EDGE_ID) }],
  })
  const sensor = JSON.parse(late.last.get(discoveryConfigTopic('homeassistant', 'sensor', EDGE_ID, `${DOOR_ID}_temperature`))!.payload) as Record<string, unknown>
  t.match(sensor, { device_class: 'temperature', unit_of_measurement: '°C', state_class: 'measurement' })
  const offline = JSON.parse(late.last.get(discoveryConfigTopic('homeassistant', 'binary_sensor', EDGE_ID, 'edge_offline'))!.payload) as { availability: unknown[] }
  t.equal(offline.availability.length, 1, 'the offline sensor stays available while its edge is away')
})

t.test('alarm states follow a forced door, and the edge going offline', async (t) => {
  const { early, edge } = await hubWithHomeAssistant(t)
  const forced = doorEntityStateTopic(STATE_BASE, EDGE_ID, DOOR_ID, 'door_forced')
  await early.until(forced, 'OFF')
  t.equal(early.last.get(edgeEntityStateTopic(STATE_BASE, EDGE_ID, 'offline'))?.payload, 'OFF')
  const alarm = { ...MESSAGE_EXAMPLES.alarm, kind: 'DOOR_FORCED', device: 'door-board' }
  delete (alarm as { eventId?: string }).eventId
  await publishJson(edge, alarmTopic('gatehouse', EDGE_ID), alarm)
  await early.until(forced, 'ON')
  await publishJson(edge, edgeStatusTopic('gatehouse', EDGE_ID), { ...MESSAGE_EXAMPLES.status, state: 'offline', at: '2026-03-02T08:16:00.000Z' }, true)
  await early.until(edgeAvailabilityTopic(STATE_BASE, EDGE_ID), 'offline')
  await early.until(edgeEntityStateTopic(STATE_BASE, EDGE_ID, 'offline'), 'ON')
  t.pass('door_forced ON after the alarm; availability offline and the offline sensor ON after the edge left')
})

t.test('a grant shows the door unlocked for a moment and its reading; a lock command from Home Assistant is refused and logged', async (t) => {
  const { runtime, early, edge, log, clock } = await hubWithHomeAssistant(t)
  const lockState = doorEntityStateTopic(STATE_BASE, EDGE_ID, DOOR_ID, 'lock')
  await early.until(lockState, 'LOCKED')
  const granted = { ...MESSAGE_EXAMPLES.event, occurredAt: new Date(NOW_MS).toISOString(), decision: { granted: true, reason: 'GRANTED' }, temperature: { celsius: 36.48, isFever: false, remeasured: false } }
  await publishJson(edge, accessEventTopic('gatehouse', EDGE_ID), granted)
  await early.until(lockState, 'UNLOCKED')
  await early.until(doorEntityStateTopic(STATE_BASE, EDGE_ID, DOOR_ID, 'temperature'), '36.5')
  clock.advance(5_000)
  await early.until(lockState, 'LOCKED')

  const answer = early.next(lockState)
  await early.client.publishAsync(lockCommandTopic(STATE_BASE, EDGE_ID, DOOR_ID), 'UNLOCK', { qos: 1 })
  t.equal(await answer, 'LOCKED', 'the refusal answers with the real state, so Home Assistant does not stay at "unlocking"')
  t.equal(runtime.homeAssistant!.refusals.get('HA_LOCK_COMMANDS_REFUSED'), 1)
  t.match(log.lines.find((line) => line.message?.startsWith('Home Assistant lock command refused')), { level: 'warn', object: { edgeId: EDGE_ID, doorId: DOOR_ID, code: 'HA_LOCK_COMMANDS_REFUSED' } })
  t.equal(runtime.ingest.remoteOpen.outcomes.toJSON().opened, undefined, 'nothing was sent to the door')
})
