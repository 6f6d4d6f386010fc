import t, { type Test } from 'tap'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import mqtt from 'mqtt'
import type { Aedes, Client, PublishPacket, PubrelPacket } from 'aedes'
import { ExternalBrokerClient } from '../../../hub/src/adapters/broker/external-broker-client.js'
import { accessEventTopic, commandTopic } from '../../../protocol/mqtt/topics.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { BROKER_TEST_BASE, RecordingEdgeSink } from '../../fakes/hub-broker-fixtures.js'

const HUB_CLIENT_ID = 'gatehouse-hub'

/** A bare aedes broker (no ACL: the external broker's ACL is tested against mosquitto) that records PUBACKs from the hub. */
async function bareBroker(t: Test) {
  const { Aedes } = await import('aedes')
  const broker: Aedes = await Aedes.createBroker()
  const server = net.createServer(broker.handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const hubAcks: string[] = []
  const hubAcked = () => new Promise<void>((resolve) => broker.on('ack', (_packet, client: Client) => client.id === HUB_CLIENT_ID && resolve()))
  broker.on('ack', (packet: PublishPacket | PubrelPacket, client: Client) => {
    if (client.id === HUB_CLIENT_ID && 'topic' in packet) hubAcks.push(packet.topic)
  })
  const hubDisconnected = () => new Promise<void>((resolve) => broker.on('clientDisconnect', (client: Client) => client.id === HUB_CLIENT_ID && resolve()))
  const hubSubscribed = new Promise<void>((resolve) => broker.on('subscribe', (_subs, client: Client) => client.id === HUB_CLIENT_ID && resolve()))
  return { broker, url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`, hubAcks, hubAcked, hubDisconnected, hubSubscribed }
}

async function startHub(t: Test, url: string, sink: RecordingEdgeSink) {
  const hub = new ExternalBrokerClient(
    { url, baseTopic: BROKER_TEST_BASE, username: 'gatehouse.hub', password: Buffer.from('hub-secret'), clientId: HUB_CLIENT_ID, ca: null, keepaliveSeconds: 30, reconnectPeriodMs: 20, connectTimeoutMs: 5_000 },
    { sink, log: new SilentLogger() },
  )
  hub.start()
  t.teardown(() => hub.stop())
  await hub.whenConnected()
  return hub
}

async function edgePublisher(t: Test, url: string) {
  const edge = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'gatehouse-edge-gate-north', clean: false, reconnectPeriod: 0 })
  t.teardown(() => edge.endAsync(true))
  return edge
}

t.test('the hub acknowledges an edge message only after the sink accepted it', async (t) => {
  const { url, hubAcks, hubAcked, hubSubscribed } = await bareBroker(t)
  const sink = new RecordingEdgeSink()
  const acksWhenAccepted: number[] = []
  sink.on('accepted', () => acksWhenAccepted.push(hubAcks.length))
  await startHub(t, url, sink)
  await hubSubscribed
  const edge = await edgePublisher(t, url)
  const topic = accessEventTopic(BROKER_TEST_BASE, 'gate-north')
  const acked = hubAcked()
  await edge.publishAsync(topic, Buffer.from('{"n":1}'), { qos: 1 })
  const accepted = await sink.next('accepted', topic)
  t.same({ edgeId: accepted.edgeId, payload: accepted.payload.toString() }, { edgeId: 'gate-north', payload: '{"n":1}' })
  t.same(acksWhenAccepted, [0], 'no PUBACK had left the hub when accept ran')
  await acked
  t.same(hubAcks, [topic], 'then the PUBACK reached the broker')
})

t.test('a sink failure withholds the PUBACK and drops the connection; the broker redelivers and the hub stores it', async (t) => {
  const { url, hubAcks, hubDisconnected, hubSubscribed } = await bareBroker(t)
  const sink = new RecordingEdgeSink()
  const hub = await startHub(t, url, sink)
  await hubSubscribed
  const edge = await edgePublisher(t, url)
  const topic = accessEventTopic(BROKER_TEST_BASE, 'gate-north')
  sink.isFailing = true
  const disconnected = hubDisconnected()
  await edge.publishAsync(topic, Buffer.from('{"n":2}'), { qos: 1 })
  await sink.next('failed', topic)
  sink.isFailing = false
  await disconnected
  t.same(hubAcks, [], 'nothing acknowledged while the hub could not store')
  t.equal(hub.refusals.get('sink-failed'), 1)
  const redelivered = await sink.next('accepted', topic)
  t.equal(redelivered.payload.toString(), '{"n":2}', 'redelivered from the persistent session')
})

t.test('the hub publishes commands through the external broker', async (t) => {
  const { url } = await bareBroker(t)
  const hub = await startHub(t, url, new RecordingEdgeSink())
  const edge = await edgePublisher(t, url)
  const topic = commandTopic(BROKER_TEST_BASE, 'gate-north')
  await edge.subscribeAsync(topic, { qos: 1 })
  const received = new Promise<string>((resolve) => edge.once('message', (_topic, payload) => resolve(payload.toString())))
  await hub.publish(topic, Buffer.from('{"cmd":1}'), { qos: 1, retain: false })
  t.equal(await received, '{"cmd":1}')
})
