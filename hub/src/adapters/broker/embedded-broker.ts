import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Aedes, Client } from 'aedes'
import { TOPIC_KINDS, matchTopic } from '../../../../protocol/mqtt/topics.js'
import { RefusalCounts } from '../../../../edge/src/services/refusal-counts.js'
import type { EdgeMessageSink } from '../../ports/edge-message-sink.js'
import type { HubMessageBus } from '../../ports/hub-message-bus.js'
import type { Logger } from '../../ports/logger.js'
import type { EdgeCredentialRevokedListener, EdgePasswordVerifier } from '../sqlite/edge-credential-store.js'
import { openBrokerListener, type BrokerListener, type BrokerListenerOptions, type BrokerTlsMaterial, type BrokerTransport } from './broker-listener.js'
import { EdgeBrokerHooks } from './edge-broker-hooks.js'
import { guardPacketSize } from './mqtt-packet-size-guard.js'

export interface EmbeddedBrokerOptions {
  readonly baseTopic: string
  /** At least one; typically mqtts on 8883 for the LAN (and mqtt on 127.0.0.1 only, if at all). */
  readonly listeners: readonly BrokerListenerOptions[]
  /** PEM files for mqtts/wss listeners; read at start. */
  readonly tls: { readonly keyFile: string; readonly certFile: string } | null
  readonly limits?: Partial<EmbeddedBrokerLimits>
}

export interface EmbeddedBrokerLimits {
  /** Largest MQTT packet accepted from a client; larger ones close the connection. */
  readonly maxPacketBytes: number
  /** Deepest topic accepted (aedes `maxTopicLevels`); ours have at most 8 base levels + 3. */
  readonly maxTopicLevels: number
  /** A client that has not sent CONNECT by then is dropped. */
  readonly connectTimeoutMs: number
  /** Longest keepalive a client may ask for (and 0, "never", is refused). */
  readonly keepaliveLimitSeconds: number
  /** A client whose socket does not drain in this time is dropped, so a frozen subscriber cannot stall delivery. */
  readonly drainTimeoutMs: number
  /** aedes `heartbeatInterval` ($SYS heartbeat, will sweeps). */
  readonly heartbeatIntervalMs: number
  /** aedes `concurrency`: deliveries in flight through the emitter. */
  readonly concurrency: number
  /** aedes `queueLimit`: packets queued per client while it authenticates. */
  readonly queueLimit: number
  /** aedes `maxInflightInbound`: QoS 2 packets a client may leave unreleased. */
  readonly maxInflightInbound: number
}

export const DEFAULT_EMBEDDED_BROKER_LIMITS: EmbeddedBrokerLimits = {
  // The largest edge payload is a status (32 KiB), plus topic and will in a CONNECT.
  maxPacketBytes: 128 * 1024,
  maxTopicLevels: 16,
  connectTimeoutMs: 10_000,
  keepaliveLimitSeconds: 300,
  drainTimeoutMs: 5_000,
  heartbeatIntervalMs: 60_000,
  concurrency: 100,
  queueLimit: 42,
  maxInflightInbound: 100,
}

/** The longest client id a valid edge can have: `gatehouse-edge-` + 63 characters. */
const MAX_EDGE_CLIENT_ID_LENGTH = 15 + 63

export interface EmbeddedBrokerDeps {
  readonly verifyEdgePassword: EdgePasswordVerifier
  /** Registers for committed credential revocations (EdgeCredentialStore.onRevoked). */
  readonly onCredentialRevoked: (listener: EdgeCredentialRevokedListener) => () => void
  readonly sink: EdgeMessageSink
  readonly log: Logger
}

export interface HubPublishRefusedError extends Error {
  readonly code: 'NOT_A_HUB_TOPIC' | 'BROKER_NOT_RUNNING'
}

/**
 * The hub's own MQTT broker (aedes, MQTT 3.1.1) for communities that do not run one. Edges
 * connect with their per-edge credential over TCP, TLS or WebSocket; the ACL keeps each inside
 * its namespace (docs/mqtt-contract.md); everything an edge publishes goes to the
 * EdgeMessageSink before the PUBACK. The hub publishes in process (`publish`), without a
 * connection or credential of its own.
 */
export class EmbeddedBroker implements HubMessageBus {
  readonly refusals = new RefusalCounts()
  readonly #options: EmbeddedBrokerOptions
  readonly #deps: EmbeddedBrokerDeps
  #hooks: EdgeBrokerHooks | undefined
  #broker: Aedes | undefined
  #listeners: BrokerListener[] = []
  #stopListening: (() => void) | undefined

  constructor(options: EmbeddedBrokerOptions, deps: EmbeddedBrokerDeps) {
    this.#options = options
    this.#deps = deps
  }

  /** The port each listener got (useful with port 0). */
  portOf(transport: BrokerTransport): number | undefined {
    return this.#listeners.find((listener) => listener.transport === transport)?.port
  }

  get connectedEdgeIds(): string[] {
    return this.#hooks?.connectedEdgeIds ?? []
  }

  async start(): Promise<void> {
    if (this.#broker !== undefined) return
    const limits = { ...DEFAULT_EMBEDDED_BROKER_LIMITS, ...this.#options.limits }
    const log = this.#deps.log
    const hooks = new EdgeBrokerHooks({ baseTopic: this.#options.baseTopic, verifyEdgePassword: this.#deps.verifyEdgePassword, sink: this.#deps.sink, refusals: this.refusals, log })
    const tlsMaterial = this.#readTls()
    const { Aedes } = await import('aedes')
    const broker = await Aedes.createBroker({
      authenticate: hooks.authenticate,
      authorizePublish: hooks.authorizePublish,
      authorizeSubscribe: hooks.authorizeSubscribe,
      maxClientsIdLength: MAX_EDGE_CLIENT_ID_LENGTH,
      maxTopicLevels: limits.maxTopicLevels,
      connectTimeout: limits.connectTimeoutMs,
      keepaliveLimit: limits.keepaliveLimitSeconds,
      drainTimeout: limits.drainTimeoutMs,
      heartbeatInterval: limits.heartbeatIntervalMs,
      concurrency: limits.concurrency,
      queueLimit: limits.queueLimit,
      maxInflightInbound: limits.maxInflightInbound,
    })
    broker.on('clientDisconnect', (client: Client) => hooks.forgetClient(client))
    broker.on('clientError', (client: Client, error: Error) => log.debug({ clientId: client.id, err: error.message }, 'client error'))
    broker.on('connectionError', (client: Client, error: Error) => log.debug({ clientId: client.id, err: error.message }, 'connection error'))
    const handle = (connection: Duplex, request?: IncomingMessage) => {
      const guarded = guardPacketSize(connection, limits.maxPacketBytes, (error) => {
        this.refusals.add('packet-too-large')
        log.warn({ reason: 'packet-too-large', detail: error.message }, 'broker refused an edge request')
      })
      broker.handle(guarded, request)
    }
    try {
      for (const listener of this.#options.listeners) {
        this.#listeners.push(await openBrokerListener(listener, tlsMaterial, limits.maxPacketBytes, handle))
      }
    } catch (error) {
      await this.#closeAll(broker)
      throw error
    }
    this.#hooks = hooks
    this.#broker = broker
    this.#stopListening = this.#deps.onCredentialRevoked((edgeId) => hooks.disconnectEdge(edgeId))
    log.info({ listeners: this.#listeners.map(({ transport, port }) => ({ transport, port })) }, 'embedded broker listening')
  }

  async stop(): Promise<void> {
    const broker = this.#broker
    this.#stopListening?.()
    this.#stopListening = undefined
    this.#broker = undefined
    this.#hooks = undefined
    if (broker !== undefined) await this.#closeAll(broker)
  }

  /** Publishes from inside the broker: no ACL, no credential. Only the kinds the hub publishes. */
  async publish(topic: string, payload: Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void> {
    const broker = this.#broker
    if (broker === undefined) throw publishRefused('BROKER_NOT_RUNNING', 'the embedded broker is not running')
    const matched = matchTopic(this.#options.baseTopic, topic)
    if (matched === null || TOPIC_KINDS[matched.kind].publisher !== 'hub') throw publishRefused('NOT_A_HUB_TOPIC', `not a topic the hub publishes: ${topic.slice(0, 200)}`)
    await new Promise<void>((resolve, reject) =>
      broker.publish({ cmd: 'publish', topic, payload, qos: options.qos, retain: options.retain, dup: false }, (error) => (error ? reject(error) : resolve())),
    )
  }

  async #closeAll(broker: Aedes): Promise<void> {
    const listeners = this.#listeners
    this.#listeners = []
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    await Promise.all(listeners.map((listener) => listener.close()))
  }

  #readTls(): BrokerTlsMaterial | null {
    const files = this.#options.tls
    if (files === null) return null
    return { key: readFileSync(files.keyFile), cert: readFileSync(files.certFile) }
  }
}

function publishRefused(code: HubPublishRefusedError['code'], message: string): HubPublishRefusedError {
  return Object.assign(new Error(message), { code })
}
