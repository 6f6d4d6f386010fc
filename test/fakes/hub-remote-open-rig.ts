/**
 * The whole remote-open path on loopback, for tests and the phone-open benchmark: the hub (its
 * SQLite file, the ingest dispatcher behind H-broker's EmbeddedBroker, the RemoteOpenService and
 * its HTTP route in a real fastify app) and one edge as main.ts wires it (MqttHubLink, the
 * CommandReceiver checking signature, expiry and nonce with its SQLite replay cache, the
 * RemoteOpenExecutor deciding with its own policy and journalling before a simulated relay
 * moves, the JournalPublisher sending that journal entry back to the hub's ledger).
 */
import { EventEmitter } from 'node:events'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { DEFAULT_COMMAND_CLOCK_SKEW_MS } from '../../protocol/mqtt/command-freshness.js'
import { edgeClientId } from '../../edge/src/adapters/mqtt/edge-client-id.js'
import { DEFAULT_MQTT_HUB_LINK_TIMING, MqttHubLink } from '../../edge/src/adapters/mqtt/mqtt-hub-link.js'
import { openEdgeDatabase, type EdgeDatabase } from '../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../edge/src/adapters/sqlite/sqlite-journal.js'
import { SqliteReplayCache } from '../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import type { LockRelay, LockRelayState } from '../../edge/src/ports/lock-relay.js'
import { CommandReceiver } from '../../edge/src/services/command-receiver.js'
import { EdgeStatusComposer } from '../../edge/src/services/edge-status-composer.js'
import { JournalPublisher } from '../../edge/src/services/journal-publisher.js'
import { RemoteOpenExecutor } from '../../edge/src/services/remote-open-executor.js'
import { EmbeddedBroker } from '../../hub/src/adapters/broker/embedded-broker.js'
import { buildHubApp } from '../../hub/src/adapters/http/build-hub-app.js'
import { remoteOpenRoutes } from '../../hub/src/adapters/http/routes/remote-open-routes.js'
import { SqliteAlertStore } from '../../hub/src/adapters/sqlite/ledger/sqlite-alert-store.js'
import { SqliteEdgeStatusStore } from '../../hub/src/adapters/sqlite/ledger/sqlite-edge-status-store.js'
import { SqliteLedgerStore } from '../../hub/src/adapters/sqlite/ledger/sqlite-ledger-store.js'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'
import { SqliteRemoteCommandStore } from '../../hub/src/adapters/sqlite/remote/sqlite-remote-command-store.js'
import type { Caller } from '../../hub/src/domain/caller.js'
import type { Clock } from '../../hub/src/ports/clock.js'
import type { EdgeMessageOutcome, EdgeMessageSink } from '../../hub/src/ports/edge-message-sink.js'
import type { HubMessageBus } from '../../hub/src/ports/hub-message-bus.js'
import type { Logger } from '../../hub/src/ports/logger.js'
import { AlertService } from '../../hub/src/services/alert-service.js'
import { EdgeMessageDispatcher } from '../../hub/src/services/edge-message-dispatcher.js'
import { LiveFeed } from '../../hub/src/services/live-feed.js'
import { DEFAULT_REMOTE_OPEN_OPTIONS, RemoteOpenService, type RemoteOpenOptions } from '../../hub/src/services/remote-open-service.js'
import { InMemoryPolicyView } from './in-memory-policy-view.js'
import { communityEntities, type MutableEntities } from './policy-rows.js'
import { SilentLogger } from './silent-logger.js'

export const RIG_BASE = 'gatehouse'
export const RIG_EDGE = 'b1-edge'
export const RIG_EDGE_PASSWORD = 'b1-edge-secret-5c2e'
export const PULSE_MS = 3_000

export const ZHANG: Caller = { accountId: 'acc-zhang', displayName: '张建国', role: 'resident', gridId: null, checkpointEdgeId: null, landlordId: null, personId: 'p-zhang' }
export const LI: Caller = { ...ZHANG, accountId: 'acc-li', displayName: '李秀英', personId: 'p-li' }
export const WANG: Caller = { accountId: 'acc-wang', displayName: '王阿姨', role: 'gate-staff', gridId: null, checkpointEdgeId: RIG_EDGE, landlordId: null, personId: null }
export const ADMIN: Caller = { accountId: 'acc-admin', displayName: 'Admin', role: 'admin', gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
export const GRID_MANAGER: Caller = { accountId: 'acc-grid', displayName: '刘网格', role: 'grid-manager', gridId: 'grid-1', checkpointEdgeId: null, landlordId: null, personId: null }

/** A relay that records what it was told and never touches hardware. */
export class RecordingRelay implements LockRelay {
  readonly moves: string[] = []
  state: LockRelayState = 'stopped'

  get isUnlocked(): boolean {
    return this.state === 'pulsing' || this.state === 'held-open'
  }

  start(): void {
    this.state = 'locked'
  }

  pulse(durationMs = PULSE_MS): number {
    this.moves.push(`pulse ${durationMs}`)
    this.state = 'pulsing'
    return Date.now() + durationMs
  }

  holdOpen(): void {
    this.moves.push('hold-open')
    this.state = 'held-open'
  }

  release(): void {
    this.moves.push('release')
    this.state = 'locked'
  }

  stop(): void {
    this.state = 'stopped'
  }
}

/** The dispatcher, with an event per accepted message so tests can wait for a publish to be ingested. */
export class ObservedSink extends EventEmitter<{ accepted: [topic: string, outcome: EdgeMessageOutcome] }> implements EdgeMessageSink {
  readonly #inner: EdgeMessageSink

  constructor(inner: EdgeMessageSink) {
    super()
    this.#inner = inner
  }

  async accept(edgeId: string, topic: string, payload: Buffer): Promise<EdgeMessageOutcome> {
    const outcome = await this.#inner.accept(edgeId, topic, payload)
    this.emit('accepted', topic, outcome)
    return outcome
  }

  /** Resolves with the outcome of the next message on a topic ending in `/<level>`. */
  next(level: string): Promise<EdgeMessageOutcome> {
    return new Promise((resolve) => {
      const listener = (topic: string, outcome: EdgeMessageOutcome) => {
        if (!topic.endsWith(`/${level}`)) return
        this.off('accepted', listener)
        resolve(outcome)
      }
      this.on('accepted', listener)
    })
  }
}

/** The bus, recording every command the hub publishes and telling when one went out. */
export class RecordingBus extends EventEmitter<{ published: [topic: string] }> implements HubMessageBus {
  readonly published: Array<{ topic: string; payload: Buffer; qos: 0 | 1; retain: boolean }> = []
  readonly #inner: HubMessageBus

  constructor(inner: HubMessageBus) {
    super()
    this.#inner = inner
  }

  async publish(topic: string, payload: Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void> {
    this.published.push({ topic, payload, ...options })
    await this.#inner.publish(topic, payload, options)
    this.emit('published', topic)
  }
}

export interface RemoteOpenRigOptions {
  /** Changes to the policy the hub checks with (the edge's compiled entities). */
  readonly hubPolicy?: (entities: MutableEntities) => void
  /** Changes to the policy the edge decides with. */
  readonly edgePolicy?: (entities: MutableEntities) => void
  readonly remoteOpen?: Partial<RemoteOpenOptions>
  /** The hub's clock (default: the system clock). */
  readonly hubClock?: Clock
  /** false: no edge connects (the gate is offline). */
  readonly hasEdge?: boolean
  readonly log?: Logger
}

export interface RemoteOpenRig {
  readonly hub: HubDatabase
  readonly broker: EmbeddedBroker
  readonly bus: RecordingBus
  readonly sink: ObservedSink
  readonly dispatcher: EdgeMessageDispatcher
  readonly service: RemoteOpenService
  readonly app: FastifyInstance
  /** The caller every request is made as. */
  caller: Caller | null
  readonly edge: { readonly link: MqttHubLink; readonly receiver: CommandReceiver; readonly relay: RecordingRelay; readonly database: EdgeDatabase } | null
  stop(): Promise<void>
}

function insertHubDoors(hub: HubDatabase): void {
  const connection = hub.connection
  const nowMs = 1_772_400_000_000
  connection.prepare('INSERT INTO edges (id, name, created_at_ms) VALUES (?, ?, ?)').run(RIG_EDGE, 'Building 1', nowMs)
  connection.prepare('INSERT INTO edges (id, name, created_at_ms) VALUES (?, ?, ?)').run('gate-edge', 'North gate', nowMs)
  const door = connection.prepare(`INSERT INTO doors (id, edge_id, name, kind, lane, fail_mode, anti_passback_group_id, created_at_ms) VALUES (?, ?, ?, 'gate', NULL, 'fail-secure', ?, ?)`)
  for (const [id, edgeId] of [['b1-door', RIG_EDGE], ['b2-door', RIG_EDGE], ['north-gate', 'gate-edge']] as const) door.run(id, edgeId, id, id, nowMs)
}

export async function startRemoteOpenRig(options: RemoteOpenRigOptions = {}): Promise<RemoteOpenRig> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-remote-open-'))
  const log = options.log ?? new SilentLogger()
  const hubClock = options.hubClock ?? systemClock
  const keys = generateKeyPairSync('ed25519')
  const hub = openHubDatabase({ path: join(dir, 'hub.db') })
  insertHubDoors(hub)
  const hubEntities = communityEntities()
  options.hubPolicy?.(hubEntities)
  const ledger = new SqliteLedgerStore(hub.connection)
  const store = new SqliteRemoteCommandStore(hub.connection)
  let service: RemoteOpenService | undefined
  const dispatcher = new EdgeMessageDispatcher({
    baseTopic: RIG_BASE,
    ledger,
    statuses: new SqliteEdgeStatusStore(hub.connection),
    alerts: new AlertService(new SqliteAlertStore(hub.connection), ledger),
    commandReplies: { recordReply: (reply, atMs) => store.recordReply(reply, atMs), replyCommitted: (reply) => service?.replyCommitted(reply) },
    onPolicyApplied: () => {},
    liveFeed: new LiveFeed(),
    clock: hubClock,
    log,
  })
  const sink = new ObservedSink(dispatcher)
  const broker = new EmbeddedBroker(
    { baseTopic: RIG_BASE, listeners: [{ transport: 'mqtt', host: '127.0.0.1', port: 0 }], tls: null },
    { verifyEdgePassword: (edgeId, password) => edgeId === RIG_EDGE && password.toString() === RIG_EDGE_PASSWORD, onCredentialRevoked: () => () => {}, sink, log },
  )
  await broker.start()
  const bus = new RecordingBus(broker)
  service = new RemoteOpenService({
    store,
    policySource: { currentEntities: (edgeId) => (edgeId === RIG_EDGE ? hubEntities : null) },
    bus,
    signingKey: keys.privateKey,
    clock: hubClock,
    log,
    options: { ...DEFAULT_REMOTE_OPEN_OPTIONS, baseTopic: RIG_BASE, ...options.remoteOpen },
  })
  const rig: RemoteOpenRig = {
    hub,
    broker,
    bus,
    sink,
    dispatcher,
    service,
    app: buildHubApp({ log, authenticate: () => rig.caller, routes: [remoteOpenRoutes({ remoteOpen: service })] }),
    caller: ZHANG,
    edge: null,
    stop: async () => {},
  }
  const edge = options.hasEdge === false ? null : await startEdge(broker.portOf('mqtt') ?? 0, keys.publicKey, options.edgePolicy, dir, log)
  const stopService = service
  return Object.assign(rig, {
    edge: edge === null ? null : edge.parts,
    stop: async () => {
      stopService.stop()
      await rig.app.close()
      await edge?.stop()
      await broker.stop()
      hub.close()
      rmSync(dir, { recursive: true, force: true })
    },
  })
}

async function startEdge(port: number, hubPublicKey: import('node:crypto').KeyObject, edgePolicy: ((entities: MutableEntities) => void) | undefined, dir: string, log: Logger) {
  const database = openEdgeDatabase({ path: join(dir, 'edge.db') })
  const journal = new SqliteJournal(database, systemClock, log)
  journal.start()
  const entities = communityEntities()
  edgePolicy?.(entities)
  const policy = InMemoryPolicyView.fromEntities(entities, { edgeId: RIG_EDGE, version: 7, issuedAtMs: Date.now(), receivedAtMs: Date.now() })
  const composer = new EdgeStatusComposer({ edgeId: RIG_EDGE, softwareVersion: '0.1.0' }, { policyVersion: () => 7, journalBacklog: () => journal.backlog().count, devices: () => ({}) }, systemClock, log)
  const link = new MqttHubLink(
    {
      ...DEFAULT_MQTT_HUB_LINK_TIMING,
      brokerUrl: `mqtt://127.0.0.1:${port}`,
      baseTopic: RIG_BASE,
      edgeId: RIG_EDGE,
      username: RIG_EDGE,
      password: Buffer.from(RIG_EDGE_PASSWORD, 'utf8'),
      reconnectPeriodMs: 100,
      stopStepTimeoutMs: 1_000,
    },
    composer,
    systemClock,
    log,
  )
  const publisher = new JournalPublisher(link, journal, systemClock, log)
  const relay = new RecordingRelay()
  relay.start()
  const executor = new RemoteOpenExecutor({
    edgeId: RIG_EDGE,
    policy,
    journal,
    doors: new Map([['b1-door', { lock: relay, pulseMs: PULSE_MS, direction: 'in' as const }], ['b2-door', { lock: new RecordingRelay(), pulseMs: PULSE_MS, direction: 'in' as const }]]),
    decisionContext: () => ({ isClockTrusted: true, isHubConnected: link.isConnected, policyAgeMs: 0 }),
    onGranted: () => {},
    onJournalled: () => publisher.notify(),
    clock: systemClock,
    log,
  })
  const receiver = new CommandReceiver(link, executor, new Set(['b1-door', 'b2-door']), new SqliteReplayCache(database), systemClock, log, {
    hubPublicKey,
    clockSkewMs: DEFAULT_COMMAND_CLOCK_SKEW_MS,
  })
  receiver.start()
  publisher.start()
  link.start()
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`edge ${edgeClientId(RIG_EDGE)} did not connect`)), 5_000)
    link.once('connected', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return {
    parts: { link, receiver, relay, database },
    stop: async () => {
      receiver.stop()
      publisher.stop()
      await link.stop()
      relay.stop()
      journal.stop()
      database.close()
    },
  }
}
