/**
 * The edge and its hub over MQTT (a real aedes broker with the contract's ACL): a resident opens
 * the gate from the phone through a hub-signed command; stale, replayed, retained, forged and
 * misaddressed commands move nothing; and with the hub down the gate keeps deciding, its journal
 * holding every attempt until the hub is back.
 */
import t, { type Test } from 'tap'
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { signCommand } from '../../protocol/mqtt/command-signature.js'
import type { Command } from '../../protocol/mqtt/messages/command.js'
import { accessEventTopic, edgeStatusTopic } from '../../protocol/mqtt/topics.js'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { connected } from '../fakes/hub-link-fixtures.js'
import { communityEntities } from '../fakes/policy-rows.js'
import type { TestBroker } from '../fakes/test-broker.js'
import { STORY_EDGE_ID, STORY_HUB_KEYS, osdpBus, storyConfig } from './story-config.js'
import { StoryEdge } from './story-edge.js'
import {
  STORY_BASE_TOPIC,
  attachStoryHub,
  commandReplies as replies,
  replyTo,
  sendCommand as send,
  signedStoryCommand as signed,
  storyBroker as hubBroker,
  unsignedStoryCommand as unsignedCommand,
} from './story-hub.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'

const hubKeys = STORY_HUB_KEYS
const impostorKeys = generateKeyPairSync('ed25519')
const EVENTS = accessEventTopic(STORY_BASE_TOPIC, STORY_EDGE_ID)
const STATUS = edgeStatusTopic(STORY_BASE_TOPIC, STORY_EDGE_ID)
const ZHANG_CARD = { facility: 212, card: 7041 }
const LI_CARD = { facility: 212, card: 7042 }
/** The link reconnects every 2 s (DEFAULT_MQTT_HUB_LINK_TIMING) and the status goes out at most every 2 s. */
const RECONNECT_WAIT_MS = 8_000

type Json = Record<string, unknown>

function door(id: string, reader: string) {
  return { id, failMode: 'fail-secure', lock: { kind: 'osdp', reader, output: 0 }, pulseMs: 500, entries: [{ reader, direction: 'in' }] }
}

/** The gate's edge (north gate and building 1's door) with its hub services, both started. */
async function gateWithHub(t: Test, broker: TestBroker, beforeHub: () => Promise<void> = async () => {}) {
  const config = storyConfig({
    hub: { url: broker.url },
    osdpBuses: [osdpBus('bus-1', { 'north-in': 1, 'b1-in': 2 })],
    doors: [door('north-gate', 'north-in'), door('b1-door', 'b1-in')],
  })
  const entities = communityEntities()
  entities.door = entities.door.map((row) => ({ ...row, isTemperatureRequired: false, antiPassback: 'off' as const }))
  const north = storyReader(systemClock, 1)
  const b1 = storyReader(systemClock, 2)
  const edge = StoryEdge.create({ config, entities, devices: { 'bus-1': new MultiDropBus([north, b1]) } })
  t.teardown(async () => {
    await edge.stop()
    await broker.stop()
  })
  await edge.start()
  await beforeHub()
  const hub = attachStoryHub(edge)
  return { edge, hub, north, b1 }
}

t.test("a resident's phone opens the north gate: the hub-signed UNLOCK is journalled, pulses the relay and is answered ok", async (t) => {
  const broker = await hubBroker(t)
  const { edge, hub, north } = await gateWithHub(t, broker)
  await connected(hub.link)
  const command = signed()
  const pulsed = nextRelayPulse(north)
  await send(broker, command)
  t.match(await replyTo(broker, command.id), { id: command.id, edgeId: STORY_EDGE_ID, status: 'ok' })
  await pulsed
  const [event] = edge.events()
  t.match(event, {
    doorId: 'north-gate',
    personId: 'p-zhang',
    credential: { kind: 'phone', maskedReference: '****' },
    decision: { granted: true, reason: 'GRANTED' },
    actor: { kind: 'resident', id: 'p-zhang' },
    note: 'remote open',
  })
  const published = await broker.waitFor('the event on the hub', () => (broker.messagesOn(EVENTS) as Json[]).find((message) => message.id === event!.id))
  t.same(published, event, 'the hub receives the journalled event as it is')
  t.equal(relayPulses(north), 1)
})

t.test('replayed, expired, forged, misaddressed and locally forbidden commands are refused with their code, and nothing moves', async (t) => {
  const broker = await hubBroker(t)
  const { edge, hub, north, b1 } = await gateWithHub(t, broker)
  await connected(hub.link)
  const originalFields = unsignedCommand()
  const original = signCommand(hubKeys.privateKey, originalFields)
  const pulsed = nextRelayPulse(north)
  await send(broker, original)
  t.equal((await replyTo(broker, original.id)).status, 'ok')
  await pulsed

  const nowMs = Date.now()
  const refusals: [string, Command, Json][] = [
    ['the same command again', original, { code: 'REPLAYED' }],
    ['its nonce under a new id', signCommand(hubKeys.privateKey, { ...originalFields, id: randomUUID() }), { code: 'REPLAYED' }],
    ['an expired command', signed({ issuedAt: new Date(nowMs - 60_000).toISOString(), expiresAt: new Date(nowMs - 40_000).toISOString() }), { code: 'EXPIRED' }],
    ['a command for a door this edge does not drive', signed({ doorId: 'b9-door' }), { code: 'DOOR_UNKNOWN' }],
    ['a command not signed by the hub', signCommand(impostorKeys.privateKey, unsignedCommand()), { code: 'BAD_SIGNATURE' }],
    ['a signed command altered on the way', { ...signed(), doorId: 'b1-door' }, { code: 'BAD_SIGNATURE' }],
    ['Li opening building 1, not hers', signed({ doorId: 'b1-door', actor: { kind: 'resident', id: 'p-li' } }), { code: 'DENIED_BY_POLICY', denyReason: 'DOOR_NOT_PERMITTED' }],
  ]
  for (const [what, command, refusal] of refusals) {
    const before = replies(broker).filter((reply) => reply.id === command.id).length
    await send(broker, command)
    const reply = await broker.waitFor(`the reply to ${what}`, () => replies(broker).filter((reply) => reply.id === command.id)[before])
    t.match(reply, { id: command.id, status: 'error', ...refusal }, what)
  }
  t.same([relayPulses(north), relayPulses(b1)], [1, 0], 'only the genuine command opened a door')
  t.match(
    edge.events().map((event) => [event.doorId, event.decision]),
    [
      ['north-gate', { granted: true, reason: 'GRANTED' }],
      ['b1-door', { granted: false, reason: 'DOOR_NOT_PERMITTED' }],
    ],
    'the door side journalled the opening and the local refusal; the rest never reached it',
  )
})

t.test('a retained command left on the broker is ignored: no reply, no opening', async (t) => {
  const broker = await hubBroker(t)
  const stale = signed()
  const { hub, north } = await gateWithHub(t, broker, () => send(broker, stale, true))
  await connected(hub.link)
  const sentinel = signed()
  const pulsed = nextRelayPulse(north)
  await send(broker, sentinel)
  t.equal((await replyTo(broker, sentinel.id)).status, 'ok')
  await pulsed
  t.notOk(replies(broker).some((reply) => reply.id === stale.id), 'no reply to the retained command')
  t.equal(relayPulses(north), 1, 'only the live command opened the gate')
})

t.test('with the hub down the gate decides and journals; when the hub is back every attempt reaches it', async (t) => {
  const broker = await hubBroker(t, false)
  const { edge, hub, north } = await gateWithHub(t, broker)
  t.equal(edge.runtime.isHubConnected, false)
  const pulsed = nextRelayPulse(north)
  north.presentCard(ZHANG_CARD)
  await edge.waitForNthEvent(1)
  await pulsed
  north.presentCard({ facility: 1, card: 1 })
  await edge.waitForNthEvent(2)
  north.presentCard(LI_CARD)
  await edge.waitForNthEvent(3)
  t.match(
    edge.events().map((event) => event.decision),
    [{ granted: true }, { granted: false, reason: 'UNKNOWN_CREDENTIAL' }, { granted: true }],
    'decided from the cache with no hub',
  )
  t.equal(edge.sqliteJournal.backlog().count, 3, 'the backlog grows while the hub is away')
  t.equal(hub.link.isConnected, false)

  await broker.start()
  const ids = edge.events().map((event) => event.id)
  const delivered = await broker.waitFor(
    'the backlog on the hub',
    () => {
      const received = broker.messagesOn(EVENTS) as Json[]
      return ids.every((id) => received.some((message) => message.id === id)) ? received : undefined
    },
    RECONNECT_WAIT_MS,
  )
  t.same(
    delivered.map((message) => message.seq),
    [1, 2, 3],
    'each attempt once, in journal order',
  )
  const drained = await broker.waitFor('a status with the backlog drained', () => (broker.messagesOn(STATUS) as Json[]).find((status) => status.state === 'online' && status.journalBacklog === 0), RECONNECT_WAIT_MS)
  t.match(drained, { edgeId: STORY_EDGE_ID, policyVersion: 3 })
  t.equal(edge.sqliteJournal.backlog().count, 0, 'acknowledged entries are marked published')
  t.equal(edge.runtime.isHubConnected, true)
})
