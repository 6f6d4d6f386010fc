import t, { type Test } from 'tap'
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { signCommand } from '../../../protocol/mqtt/command-signature.js'
import { DEFAULT_COMMAND_CLOCK_SKEW_MS } from '../../../protocol/mqtt/command-freshness.js'
import type { Command, UnsignedCommand } from '../../../protocol/mqtt/messages/command.js'
import { commandReplyTopic, commandTopic } from '../../../protocol/mqtt/topics.js'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteReplayCache } from '../../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { ReplayCacheError, type ReplayCache } from '../../../edge/src/ports/replay-cache.js'
import type { CommandExecution, CommandExecutor } from '../../../edge/src/services/command-executor.js'
import { CommandReceiver } from '../../../edge/src/services/command-receiver.js'
import { BASE_TOPIC, GATE_NORTH, connected, linkOptions, startLink, startTestBroker } from '../../fakes/hub-link-fixtures.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import type { TestBroker } from '../../fakes/test-broker.js'

const hubKeys = generateKeyPairSync('ed25519')
const impostorKeys = generateKeyPairSync('ed25519')
const COMMAND_TOPIC = commandTopic(BASE_TOPIC, GATE_NORTH.edgeId)
const REPLY_TOPIC = commandReplyTopic(BASE_TOPIC, GATE_NORTH.edgeId)
const DOOR = 'north-gate-in'

class RecordingExecutor implements CommandExecutor {
  readonly executed: Command[] = []
  outcome: () => Promise<CommandExecution> = () => Promise.resolve({ status: 'ok' })

  execute(command: Command): Promise<CommandExecution> {
    this.executed.push(command)
    return this.outcome()
  }
}

interface CommandEdge {
  readonly broker: TestBroker
  readonly receiver: CommandReceiver
  readonly executor: RecordingExecutor
}

async function startCommandEdge(
  t: Test,
  beforeConnect: (broker: TestBroker) => Promise<void> = async () => {},
  replayCache?: ReplayCache,
): Promise<CommandEdge> {
  const broker = await startTestBroker(t)
  await beforeConnect(broker)
  const database = openEdgeDatabase({ path: join(t.testdir(), 'edge.db') })
  t.teardown(() => database.close())
  const executor = new RecordingExecutor()
  const link = startLink(t, linkOptions(broker.url))
  const receiver = new CommandReceiver(link, executor, new Set([DOOR]), replayCache ?? new SqliteReplayCache(database), systemClock, new SilentLogger(), {
    hubPublicKey: hubKeys.publicKey,
    clockSkewMs: DEFAULT_COMMAND_CLOCK_SKEW_MS,
  })
  receiver.start()
  t.teardown(() => receiver.stop())
  await connected(link)
  return { broker, receiver, executor }
}

function unsignedCommand(overrides: Partial<UnsignedCommand> = {}, nowMs = Date.now()): UnsignedCommand {
  return {
    v: 1,
    id: randomUUID(),
    edgeId: GATE_NORTH.edgeId,
    doorId: DOOR,
    action: 'UNLOCK',
    actor: { kind: 'resident', id: 'p-0193' },
    nonce: randomBytes(16).toString('base64url'),
    issuedAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(nowMs + 15_000).toISOString(),
    ...overrides,
  }
}

function signed(overrides: Partial<UnsignedCommand> = {}, nowMs?: number): Command {
  return signCommand(hubKeys.privateKey, unsignedCommand(overrides, nowMs))
}

function send(broker: TestBroker, payload: Command | string | object, retain = false): Promise<void> {
  return broker.publishAsHub(COMMAND_TOPIC, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8'), { retain })
}

function replies(broker: TestBroker): Array<Record<string, unknown>> {
  return broker.messagesOn(REPLY_TOPIC) as Array<Record<string, unknown>>
}

function replyTo(broker: TestBroker, id: string): Promise<Record<string, unknown>> {
  return broker.waitFor(`the reply to ${id}`, () => replies(broker).find((reply) => reply.id === id))
}

t.test('executes a valid command once and replies ok under its id', async (t) => {
  const { broker, executor, receiver } = await startCommandEdge(t)
  const command = signed()
  await send(broker, command)
  const reply = await replyTo(broker, command.id)
  t.match(reply, { v: 1, id: command.id, edgeId: GATE_NORTH.edgeId, status: 'ok' })
  t.same(executor.executed, [command])
  t.equal(receiver.executed, 1)
  t.ok(broker.accepted.filter((publish) => publish.topic === REPLY_TOPIC).every((publish) => !publish.isRetained), 'replies are not retained')
})

t.test('refuses with the contract code and never executes: wrong edge, forged, expired, not yet valid, too long-lived, replayed, unknown door', async (t) => {
  const { broker, executor, receiver } = await startCommandEdge(t)
  const nowMs = Date.now()
  const tampered = { ...signed(), doorId: 'north-gate-out' }
  const cases: Array<[string, Command]> = [
    ['WRONG_EDGE', signed({ edgeId: 'gate-south' })],
    ['BAD_SIGNATURE', signCommand(impostorKeys.privateKey, unsignedCommand())],
    ['BAD_SIGNATURE', tampered],
    ['EXPIRED', signed({ issuedAt: new Date(nowMs - 60_000).toISOString(), expiresAt: new Date(nowMs - 40_000).toISOString() })],
    ['NOT_YET_VALID', signed({}, nowMs + 60_000)],
    ['LIFETIME_TOO_LONG', signed({ expiresAt: new Date(nowMs + 120_000).toISOString() })],
    ['DOOR_UNKNOWN', signed({ doorId: 'building-9-door' })],
  ]
  for (const [code, command] of cases) {
    await send(broker, command)
    t.match(await replyTo(broker, command.id), { id: command.id, edgeId: GATE_NORTH.edgeId, status: 'error', code }, code)
  }

  const originalFields = unsignedCommand()
  const original = signCommand(hubKeys.privateKey, originalFields)
  const replayedWithNewId = signCommand(hubKeys.privateKey, { ...originalFields, id: randomUUID() })
  await send(broker, original)
  await send(broker, original)
  await send(broker, replayedWithNewId)
  await broker.waitFor('three replies for the replayed nonce', () => (replies(broker).filter((reply) => reply.id === original.id || reply.id === replayedWithNewId.id).length === 3 ? true : undefined))
  const forOriginal = replies(broker).filter((reply) => reply.id === original.id)
  t.same(forOriginal.map((reply) => reply.status), ['ok', 'error'], 'the QoS 1 duplicate of an executed command is refused')
  t.equal(forOriginal[1]?.code, 'REPLAYED')
  t.equal((await replyTo(broker, replayedWithNewId.id)).code, 'REPLAYED', 'the same nonce under another id is refused too')
  t.same(executor.executed.map((command) => command.id), [original.id], 'only the genuine first one reached the door')
  t.same(receiver.refusals.toJSON(), { WRONG_EDGE: 1, BAD_SIGNATURE: 2, EXPIRED: 1, NOT_YET_VALID: 1, LIFETIME_TOO_LONG: 1, DOOR_UNKNOWN: 1, REPLAYED: 2 })
})

t.test('checks the signature before the nonce, so a forgery cannot burn a genuine nonce', async (t) => {
  const { broker, executor } = await startCommandEdge(t)
  const genuine = signed()
  const forged = signCommand(impostorKeys.privateKey, { ...unsignedCommand(), nonce: genuine.nonce })
  await send(broker, forged)
  t.equal((await replyTo(broker, forged.id)).code, 'BAD_SIGNATURE')
  await send(broker, genuine)
  t.equal((await replyTo(broker, genuine.id)).status, 'ok')
  t.equal(executor.executed.length, 1)
})

t.test('ignores a retained command without executing or replying', async (t) => {
  const stale = signed()
  const { broker, executor, receiver } = await startCommandEdge(t, (broker) => send(broker, stale, true))
  const sentinel = signed()
  await send(broker, sentinel)
  await replyTo(broker, sentinel.id)
  t.equal(receiver.refusals.get('RETAINED'), 1, 'the retained copy arrived, flagged, and was counted')
  t.notOk(replies(broker).some((reply) => reply.id === stale.id), 'no reply to it')
  t.same(executor.executed.map((command) => command.id), [sentinel.id])
})

t.test('answers an invalid command INVALID when its id can be read, and drops it silently when not', async (t) => {
  const { broker, executor, receiver } = await startCommandEdge(t)
  const { nonce: _nonce, ...withoutNonce } = signed()
  const unreadable = signed()
  await send(broker, withoutNonce)
  await send(broker, '{"id": 42, "v": 1}')
  await send(broker, 'not json at all')
  await send(broker, { ...unreadable, extra: 'a member the schema does not name' })
  t.match(await replyTo(broker, withoutNonce.id), { status: 'error', code: 'INVALID' })
  t.match(await replyTo(broker, unreadable.id), { status: 'error', code: 'INVALID' })
  t.equal(replies(broker).length, 2, 'no reply without a readable id')
  t.same(receiver.refusals.toJSON(), { INVALID: 3, NOT_JSON: 1 })
  t.same(executor.executed, [])
})

t.test('replies with what the door side decided: local policy refusal, door fault, or a throw', async (t) => {
  const { broker, executor } = await startCommandEdge(t)
  executor.outcome = () => Promise.resolve({ status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'QUARANTINED' })
  const quarantined = signed({ action: 'HOLD_OPEN' })
  await send(broker, quarantined)
  t.match(await replyTo(broker, quarantined.id), { status: 'error', code: 'DENIED_BY_POLICY', denyReason: 'QUARANTINED' })

  executor.outcome = () => Promise.reject(new Error('relay driver crashed'))
  const crashed = signed()
  await send(broker, crashed)
  t.match(await replyTo(broker, crashed.id), { status: 'error', code: 'DOOR_FAULT' })

  executor.outcome = () => Promise.resolve({ status: 'error', code: 'DOOR_FAULT', detail: 'line\nbreak' })
  const badDetail = signed()
  await send(broker, badDetail)
  const reply = await replyTo(broker, badDetail.id)
  t.match(reply, { status: 'error', code: 'DOOR_FAULT' })
  t.notOk('detail' in reply, 'a detail the schema refuses is left out, the answer still goes')
})

t.test('fails closed when the replay cache cannot remember the nonce', async (t) => {
  const fullCache: ReplayCache = {
    checkAndRemember: () => {
      throw new ReplayCacheError('REPLAY_CACHE_FULL', 'more unexpired ids than the cap')
    },
    pruneExpired: () => 0,
    size: () => 100_000,
  }
  const { broker, executor, receiver } = await startCommandEdge(t, async () => {}, fullCache)
  const command = signed()
  await send(broker, command)
  t.match(await replyTo(broker, command.id), { status: 'error', code: 'REPLAYED', detail: 'replay cache unavailable (REPLAY_CACHE_FULL)' })
  t.same(executor.executed, [])
  t.equal(receiver.refusals.get('REPLAY_CACHE_FULL'), 1)
})
