import t, { type Test } from 'tap'
import mqtt, { type MqttClient } from 'mqtt'
import { EmbeddedBroker, type EmbeddedBrokerLimits } from '../../../hub/src/adapters/broker/embedded-broker.js'
import { EdgeCredentialStore } from '../../../hub/src/adapters/sqlite/edge-credential-store.js'
import { accessEventTopic, commandTopic, edgeStatusTopic, policyAnnouncementTopic } from '../../../protocol/mqtt/topics.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import {
  BROKER_TEST_BASE,
  RecordingEdgeSink,
  closed,
  connectClient,
  edgeClientOptions,
  insertTestEdge,
  openTestHubDatabase,
} from '../../fakes/hub-broker-fixtures.js'

const NOW = 1_700_000_000_000

async function startBroker(t: Test, limits: Partial<EmbeddedBrokerLimits> = {}) {
  const database = openTestHubDatabase(t.testdir())
  t.teardown(() => database.close())
  const credentials = new EdgeCredentialStore(database.connection)
  insertTestEdge(database.connection, 'gate-north')
  insertTestEdge(database.connection, 'gate-south')
  const north = credentials.issue('gate-north', NOW)
  const south = credentials.issue('gate-south', NOW)
  const sink = new RecordingEdgeSink()
  const log = new SilentLogger()
  const broker = new EmbeddedBroker(
    { baseTopic: BROKER_TEST_BASE, listeners: [{ transport: 'mqtt', host: '127.0.0.1', port: 0 }], tls: null, limits },
    { verifyEdgePassword: credentials.verifyEdgePassword, onCredentialRevoked: (listener) => credentials.onRevoked(listener), sink, log },
  )
  await broker.start()
  t.teardown(() => broker.stop())
  const url = `mqtt://127.0.0.1:${broker.portOf('mqtt')}`
  const clients: MqttClient[] = []
  t.teardown(() => Promise.all(clients.map((client) => client.endAsync(true))))
  const connect = async (edgeId: string, password: string, extra: mqtt.IClientOptions = {}) => {
    const client = await connectClient(url, edgeClientOptions(edgeId, password, extra))
    clients.push(client)
    return client
  }
  return { database, credentials, north, south, sink, log, broker, url, connect, clients }
}

/** Connects and expects a refusal; resolves with the CONNACK return code. */
async function refusedCode(url: string, options: mqtt.IClientOptions): Promise<number | undefined> {
  try {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, protocolVersion: 4, ...options })
    await client.endAsync(true)
    return undefined
  } catch (error) {
    return (error as { code?: number }).code
  }
}

const event = (edgeId: string) => Buffer.from(JSON.stringify({ edgeId, id: 'x' }))

t.test('refuses an anonymous client with CONNACK 5 and counts it', async (t) => {
  const { url, broker } = await startBroker(t)
  t.equal(await refusedCode(url, { clientId: 'gatehouse-edge-gate-north' }), 5)
  t.equal(broker.refusals.get('anonymous'), 1)
})

t.test('refuses a wrong password with CONNACK 4, and an unknown edge the same way', async (t) => {
  const { url, broker, south } = await startBroker(t)
  t.equal(await refusedCode(url, edgeClientOptions('gate-north', 'not-the-password')), 4)
  t.equal(await refusedCode(url, edgeClientOptions('gate-north', south.password)), 4, "another edge's password does not open this edge")
  t.equal(await refusedCode(url, edgeClientOptions('gate-west', south.password)), 4)
  t.equal(broker.refusals.get('bad-credentials'), 3)
})

t.test('refuses a client whose id is not the edge id of its credential (CONNACK 2)', async (t) => {
  const { url, broker, north } = await startBroker(t)
  t.equal(await refusedCode(url, edgeClientOptions('gate-north', north.password, { clientId: 'gatehouse-edge-gate-south' })), 2)
  t.equal(await refusedCode(url, edgeClientOptions('gate-north', north.password, { clientId: 'mqttjs_1234' })), 2)
  t.equal(broker.refusals.get('client-id-mismatch'), 2)
})

t.test("hands an edge's own event to the sink before the PUBACK", async (t) => {
  const { connect, north, sink, broker } = await startBroker(t)
  const client = await connect('gate-north', north.password)
  const topic = accessEventTopic(BROKER_TEST_BASE, 'gate-north')
  await client.publishAsync(topic, event('gate-north'), { qos: 1 })
  t.same(sink.accepted.map(({ edgeId, topic }) => ({ edgeId, topic })), [{ edgeId: 'gate-north', topic }], 'stored by the time the PUBACK arrived')
  t.same(sink.accepted[0]!.payload, event('gate-north'))
  t.same(broker.connectedEdgeIds, ['gate-north'])
})

t.test('an edge cannot publish as another edge: the connection is closed and nothing reaches the sink', async (t) => {
  const { connect, north, sink, broker } = await startBroker(t)
  const client = await connect('gate-north', north.password)
  const lost = closed(client)
  client.publish(accessEventTopic(BROKER_TEST_BASE, 'gate-south'), event('gate-south'), { qos: 1 })
  await lost
  t.same(sink.accepted, [])
  t.equal(broker.refusals.get('other-edge'), 1)
})

t.test('an edge cannot publish a hub kind, a retained event, a $SYS topic or a topic outside the base', async (t) => {
  const { connect, north, sink, broker } = await startBroker(t)
  const attempts: Array<[string, boolean, string]> = [
    [commandTopic(BROKER_TEST_BASE, 'gate-north'), false, 'hub-only-kind'],
    [policyAnnouncementTopic(BROKER_TEST_BASE, 'gate-north'), true, 'hub-only-kind'],
    [accessEventTopic(BROKER_TEST_BASE, 'gate-north'), true, 'wrong-retain'],
    [edgeStatusTopic(BROKER_TEST_BASE, 'gate-north'), false, 'wrong-retain'],
    ['$SYS/broker/heartbeat', false, 'system-topic'],
    ['elsewhere/edge/gate-north/event', false, 'foreign-topic'],
  ]
  for (const [topic, retain, reason] of attempts) {
    const client = await connect('gate-north', north.password)
    const lost = closed(client)
    client.publish(topic, event('gate-north'), { qos: 1, retain })
    await lost
    t.equal(broker.refusals.get(reason) > 0, true, `${topic} retain=${retain} refused as ${reason}`)
  }
  t.same(sink.accepted, [])
})

t.test("an edge may subscribe to its own commands but not to another edge's, to #, or to $SYS/#", async (t) => {
  const { connect, north, broker } = await startBroker(t)
  const client = await connect('gate-north', north.password)
  const granted = await client.subscribeAsync(commandTopic(BROKER_TEST_BASE, 'gate-north'), { qos: 1 })
  t.equal(granted[0]?.qos, 1)
  for (const filter of [commandTopic(BROKER_TEST_BASE, 'gate-south'), '#', '$SYS/#', `${BROKER_TEST_BASE}/edge/+/command`, `${BROKER_TEST_BASE}/#`]) {
    await t.rejects(client.subscribeAsync(filter, { qos: 1 }), `${filter} is refused (SUBACK 0x80)`)
  }
  t.equal(broker.refusals.get('subscribe-outside-namespace'), 4)
  t.equal(broker.refusals.get('system-topic'), 1)
})

t.test('the hub publishes in process: a command reaches the subscribed edge; a non-hub topic is refused', async (t) => {
  const { connect, north, broker } = await startBroker(t)
  const client = await connect('gate-north', north.password)
  const topic = commandTopic(BROKER_TEST_BASE, 'gate-north')
  await client.subscribeAsync(topic, { qos: 1 })
  const received = new Promise<Buffer>((resolve) => client.once('message', (_topic, payload) => resolve(payload)))
  await broker.publish(topic, Buffer.from('{"signed":true}'), { qos: 1, retain: false })
  t.same(await received, Buffer.from('{"signed":true}'))
  await t.rejects(broker.publish(accessEventTopic(BROKER_TEST_BASE, 'gate-north'), Buffer.from('{}'), { qos: 1, retain: false }), { code: 'NOT_A_HUB_TOPIC' })
})

t.test('a revoked credential disconnects the connected edge at once and is refused afterwards', async (t) => {
  const { url, connect, north, credentials, database, broker } = await startBroker(t)
  const client = await connect('gate-north', north.password)
  const lost = closed(client)
  database.connection.transaction(() => credentials.revokeActive('gate-north', 'stolen', NOW + 1))()
  credentials.announceRevoked('gate-north')
  await lost
  t.same(broker.connectedEdgeIds, [])
  t.equal(await refusedCode(url, edgeClientOptions('gate-north', north.password)), 4)
})

t.test('a sink failure leaves the publish unacknowledged; the edge re-sends it after reconnecting and it is stored', async (t) => {
  const { connect, north, sink, broker } = await startBroker(t)
  const client = await connect('gate-north', north.password, { reconnectPeriod: 20 })
  const topic = accessEventTopic(BROKER_TEST_BASE, 'gate-north')
  sink.isFailing = true
  let isAcknowledged = false
  const published = client.publishAsync(topic, event('gate-north'), { qos: 1 }).then(() => (isAcknowledged = true))
  await sink.next('failed', topic)
  await closed(client)
  t.equal(isAcknowledged, false, 'no PUBACK for a message the hub could not store')
  t.equal(broker.refusals.get('sink-failed'), 1)
  sink.isFailing = false
  await published
  t.equal(sink.accepted.length, 1, 'stored once the sink works again')
  t.same(sink.accepted[0]!.payload, event('gate-north'))
})

t.test('a packet larger than the limit closes the connection before it is buffered', async (t) => {
  const { connect, north, sink, broker } = await startBroker(t, { maxPacketBytes: 1024 })
  const client = await connect('gate-north', north.password)
  const lost = closed(client)
  client.publish(accessEventTopic(BROKER_TEST_BASE, 'gate-north'), Buffer.alloc(4096, 0x20), { qos: 1 })
  await lost
  t.equal(broker.refusals.get('packet-too-large'), 1)
  t.same(sink.accepted, [])
})
