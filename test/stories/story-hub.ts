/**
 * The hub's side of a story over MQTT: a real aedes broker with the contract's ACL, the edge's
 * HubServices wired as main.ts wires them, and hub-signed commands sent and answered.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import { HubServices } from '../../edge/src/assembly/hub-services.js'
import { signCommand } from '../../protocol/mqtt/command-signature.js'
import type { Command, UnsignedCommand } from '../../protocol/mqtt/messages/command.js'
import { commandReplyTopic, commandTopic } from '../../protocol/mqtt/topics.js'
import { TestBroker } from '../fakes/test-broker.js'
import { STORY_EDGE_ID, STORY_EDGE_USERNAME, STORY_HUB_KEYS } from './story-config.js'
import type { StoryEdge } from './story-edge.js'

export const STORY_BASE_TOPIC = 'gatehouse'
export const STORY_EDGE_PASSWORD = 'gate-1-secret-4e1d'

type Json = Record<string, unknown>

/** A broker on a loopback port; `isRunning: false` leaves it stopped, as a hub that is down. Stopped at teardown. */
export async function storyBroker(t: Test, isRunning = true): Promise<TestBroker> {
  const broker = new TestBroker(STORY_BASE_TOPIC, [{ edgeId: STORY_EDGE_ID, username: STORY_EDGE_USERNAME, password: STORY_EDGE_PASSWORD }])
  await broker.start(0)
  t.teardown(() => broker.stop())
  if (!isRunning) await broker.stop()
  return broker
}

/** Builds and starts the edge's hub services; the edge stops them before itself. */
export function attachStoryHub(edge: StoryEdge): HubServices {
  const hub = new HubServices({
    config: edge.config,
    runtime: edge.runtime,
    journal: edge.journal,
    store: edge.policy,
    replayCache: edge.replayCache,
    hubPublicKey: STORY_HUB_KEYS.publicKey,
    password: Buffer.from(STORY_EDGE_PASSWORD, 'utf8'),
    tlsCa: null,
    softwareVersion: '0.1.0',
    clock: edge.clock,
    log: edge.log,
  })
  edge.attachHub(hub)
  hub.start()
  return hub
}

/** A command as the hub builds it before signing: fresh id and nonce, 15 s to live. */
export function unsignedStoryCommand(overrides: Partial<UnsignedCommand> = {}, nowMs = Date.now()): UnsignedCommand {
  return {
    v: 1,
    id: randomUUID(),
    edgeId: STORY_EDGE_ID,
    doorId: 'north-gate',
    action: 'UNLOCK',
    actor: { kind: 'resident', id: 'p-zhang' },
    nonce: randomBytes(16).toString('base64url'),
    issuedAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(nowMs + 15_000).toISOString(),
    ...overrides,
  }
}

export function signedStoryCommand(overrides: Partial<UnsignedCommand> = {}, nowMs = Date.now()): Command {
  return signCommand(STORY_HUB_KEYS.privateKey, unsignedStoryCommand(overrides, nowMs))
}

export function sendCommand(broker: TestBroker, command: Command, retain = false): Promise<void> {
  return broker.publishAsHub(commandTopic(STORY_BASE_TOPIC, STORY_EDGE_ID), Buffer.from(JSON.stringify(command), 'utf8'), { retain })
}

export function commandReplies(broker: TestBroker): Json[] {
  return broker.messagesOn(commandReplyTopic(STORY_BASE_TOPIC, STORY_EDGE_ID)) as Json[]
}

export function replyTo(broker: TestBroker, id: string): Promise<Json> {
  return broker.waitFor(`the reply to ${id}`, () => commandReplies(broker).find((reply) => reply.id === id))
}

/** Sends a signed command and resolves with its reply. */
export async function commandAndReply(broker: TestBroker, command: Command): Promise<Json> {
  await sendCommand(broker, command)
  return replyTo(broker, command.id)
}
