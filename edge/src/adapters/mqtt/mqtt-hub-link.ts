import { EventEmitter } from 'node:events'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { encodeMessage } from '../../../../protocol/mqtt/encode-message.js'
import { MESSAGE_CATALOG } from '../../../../protocol/mqtt/message-catalog.js'
import type { EdgeStatus } from '../../../../protocol/mqtt/messages/edge-status.js'
import { edgeStatusTopic, edgeSubscriptionTopics } from '../../../../protocol/mqtt/topics.js'
import type { Clock } from '../../ports/clock.js'
import type { Logger } from '../../ports/logger.js'
import type { EdgeStatusSource, HubConnection, HubMessage, HubPublishOptions } from '../../services/hub-connection.js'
import { edgeClientId } from './edge-client-id.js'
import { withTimeout } from './with-timeout.js'

/** TLS material, read from files by main.ts. Without it the link speaks plain MQTT. */
export interface MqttTlsOptions {
  /** The hub's CA; without it the system's trust store decides. */
  readonly ca?: Buffer
  /** Client certificate and key, when the broker asks for one. */
  readonly cert?: Buffer
  readonly key?: Buffer
  /** The name on the hub's certificate, when the URL uses an address. */
  readonly servername?: string
}

export interface MqttHubLinkOptions {
  /** `mqtt://host:1883`, or `mqtts://host:8883` with `tls`. */
  readonly brokerUrl: string
  readonly baseTopic: string
  readonly edgeId: string
  /** This edge's own broker credential (ARCHITECTURE §5: a credential per edge). */
  readonly username: string
  readonly password: Buffer
  readonly tls?: MqttTlsOptions
  /**
   * The broker drops a silent client after 1.5 keepalives (MQTT 3.1.1 §3.1.2.10), so 10 s lets
   * the hub see a dead gate within 15 s; the client in turn detects a dead broker within ~2.
   */
  readonly keepaliveSeconds: number
  readonly reconnectPeriodMs: number
  readonly connectTimeoutMs: number
  /** Bound on each step of `stop()`: the offline status's PUBACK, then the DISCONNECT. */
  readonly stopStepTimeoutMs: number
}

export const DEFAULT_MQTT_HUB_LINK_TIMING = {
  keepaliveSeconds: 10,
  reconnectPeriodMs: 2_000,
  connectTimeoutMs: 10_000,
  stopStepTimeoutMs: 3_000,
} as const satisfies Partial<MqttHubLinkOptions>

export interface MqttHubLinkEvents {
  connected: []
  disconnected: []
  message: [message: HubMessage]
}

/** MQTT 3.1.1 (aedes speaks nothing newer): protocol level 4. */
const MQTT_3_1_1 = 4
/** MQTT 3.1.1 §3.9.3: SUBACK return code 0x80 is a refused subscription. */
const SUBACK_FAILURE = 0x80

/**
 * The edge's MQTT connection to the hub (docs/mqtt-contract.md "QoS, retain and the last will"):
 * a fixed client id and a persistent session (`clean: false`), so the broker keeps the edge's
 * QoS 1 subscriptions while it is away; a last will that is the retained `offline` status,
 * composed anew for every connection attempt; the retained `online` status right after CONNACK;
 * and on an orderly stop the `offline` status followed by a clean DISCONNECT, which discards
 * the will ([MQTT-3.14.4-3]).
 */
export class MqttHubLink extends EventEmitter<MqttHubLinkEvents> implements HubConnection {
  readonly #options: MqttHubLinkOptions
  readonly #status: EdgeStatusSource
  readonly #clock: Clock
  readonly #log: Logger
  #client: MqttClient | undefined
  #isConnected = false
  /** Counts CONNACKs, so a late SUBACK of an earlier connection is recognised. */
  #connection = 0
  #stats = { connects: 0, disconnects: 0, errors: 0 }
  #errorsSinceConnect = 0

  constructor(options: MqttHubLinkOptions, status: EdgeStatusSource, clock: Clock, log: Logger) {
    super()
    this.#options = options
    this.#status = status
    this.#clock = clock
    this.#log = log
  }

  get edgeId(): string {
    return this.#options.edgeId
  }

  get baseTopic(): string {
    return this.#options.baseTopic
  }

  get isConnected(): boolean {
    return this.#isConnected
  }

  get stats(): { connects: number; disconnects: number; errors: number } {
    return { ...this.#stats }
  }

  /** Starts connecting; the client reconnects by itself until `stop()`. */
  start(): void {
    if (this.#client !== undefined) return
    const client = mqtt.connect(this.#options.brokerUrl, this.#clientOptions())
    client.on('reconnect', () => {
      // mqtt.js reads `options.will` for every CONNECT: the will describes this attempt's moment.
      client.options.will = this.#will()
    })
    client.on('connect', () => this.#onConnect(client))
    client.on('close', () => this.#onClose())
    client.on('message', (topic, payload, packet) => this.emit('message', { topic, payload, isRetained: packet.retain }))
    client.on('error', (error) => this.#onError(error))
    this.#client = client
  }

  /**
   * Publishes the retained `offline` status, then disconnects cleanly; each step is bounded.
   * Whatever is still unacknowledged stays in its owner's durable store (the journal).
   */
  async stop(): Promise<void> {
    const client = this.#client
    if (client === undefined) return
    this.#client = undefined
    const timeoutMs = this.#options.stopStepTimeoutMs
    if (client.connected) {
      const offline = client.publishAsync(this.#statusTopic(), this.#encodeStatus('offline'), { qos: 1, retain: true })
      const outcome = await withTimeout(offline, timeoutMs, this.#clock)
      if (outcome.status !== 'settled') this.#log.warn({ outcome: outcome.status }, 'offline status not acknowledged before stop')
    }
    // A clean DISCONNECT (which also discards the will) only when nothing is left in flight:
    // mqtt.js would otherwise wait for those PUBACKs without bound.
    const isClean = client.connected && Object.keys(client.outgoing).length === 0
    const ended = await withTimeout(client.endAsync(!isClean), timeoutMs, this.#clock)
    if (ended.status !== 'settled') {
      client.stream?.destroy()
      this.#log.warn({ outcome: ended.status }, 'MQTT disconnect did not finish; socket destroyed')
    }
    this.#onClose()
    this.#log.info({ isClean }, 'hub link stopped')
  }

  async publish(topic: string, payload: Buffer, options: HubPublishOptions): Promise<void> {
    const client = this.#client
    if (client === undefined) throw Object.assign(new Error('the hub link is not started'), { code: 'HUB_LINK_STOPPED' as const })
    await client.publishAsync(topic, payload, { qos: 1, retain: options.retain })
  }

  onConnectionChanged(listener: (isConnected: boolean) => void): () => void {
    const onConnected = () => listener(true)
    const onDisconnected = () => listener(false)
    this.on('connected', onConnected)
    this.on('disconnected', onDisconnected)
    return () => {
      this.off('connected', onConnected)
      this.off('disconnected', onDisconnected)
    }
  }

  onMessage(listener: (message: HubMessage) => void): () => void {
    this.on('message', listener)
    return () => this.off('message', listener)
  }

  #clientOptions(): IClientOptions {
    const { tls } = this.#options
    return {
      protocolVersion: MQTT_3_1_1,
      clientId: edgeClientId(this.#options.edgeId),
      clean: false,
      keepalive: this.#options.keepaliveSeconds,
      reconnectPeriod: this.#options.reconnectPeriodMs,
      connectTimeout: this.#options.connectTimeoutMs,
      // A broker that refuses us (hub restarting, credential being rotated) is asked again.
      reconnectOnConnackError: true,
      // Subscriptions are sent again on every connect by #onConnect, whatever the session state.
      resubscribe: false,
      username: this.#options.username,
      password: this.#options.password,
      will: this.#will(),
      ...(tls === undefined ? {} : { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.servername, rejectUnauthorized: true }),
    }
  }

  #will(): NonNullable<IClientOptions['will']> {
    return { topic: this.#statusTopic(), payload: this.#encodeStatus('offline'), qos: 1, retain: true }
  }

  #statusTopic(): string {
    return edgeStatusTopic(this.#options.baseTopic, this.#options.edgeId)
  }

  #encodeStatus(state: EdgeStatus['state']): Buffer {
    return encodeMessage(MESSAGE_CATALOG.status.schema, this.#status.compose(state), { maxBytes: MESSAGE_CATALOG.status.maxPayloadBytes })
  }

  #onConnect(client: MqttClient): void {
    if (this.#client !== client) return
    // Commands and their replies are small and latency-bound: no Nagle delay (~40 ms per packet).
    const socket = client.stream as { setNoDelay?: (isNoDelay: boolean) => void } | undefined
    socket?.setNoDelay?.(true)
    this.#stats.connects++
    this.#errorsSinceConnect = 0
    const connection = ++this.#connection
    // The online status goes first on the wire, right after CONNACK (docs/mqtt-contract.md).
    const online = client.publishAsync(this.#statusTopic(), this.#encodeStatus('online'), { qos: 1, retain: true })
    online.catch((error: unknown) => this.#log.warn({ err: String(error) }, 'online status not published'))
    void this.#subscribe(client).then(() => {
      // Reported connected once the broker has the subscriptions, so nothing the services
      // publish can race ahead of them; unless the connection was lost meanwhile.
      if (this.#client !== client || this.#connection !== connection || !client.connected) return
      this.#isConnected = true
      this.#log.info({ clientId: client.options.clientId, connects: this.#stats.connects }, 'hub link connected')
      this.emit('connected')
    })
  }

  /** Subscribes on every connect, whatever the session state: an identical SUBSCRIBE only replaces the old one. */
  async #subscribe(client: MqttClient): Promise<void> {
    const topics = edgeSubscriptionTopics(this.#options.baseTopic, this.#options.edgeId)
    const outcome = await withTimeout(client.subscribeAsync(topics, { qos: 1 }), this.#options.connectTimeoutMs, this.#clock)
    if (outcome.status === 'settled') {
      const refused = outcome.value.filter((grant) => grant.qos === SUBACK_FAILURE).map((grant) => grant.topic)
      if (refused.length > 0) this.#log.error({ refused }, 'broker refused the edge subscriptions')
    } else {
      // A refused filter (SUBACK 0x80) rejects too; commands and policy will not arrive, but
      // events still must go out, so the link carries on.
      const err = outcome.status === 'failed' ? String(outcome.error) : 'no SUBACK in time'
      this.#log.error({ err, topics }, 'subscribing to the edge topics failed')
    }
  }

  #onClose(): void {
    if (!this.#isConnected) return
    this.#isConnected = false
    this.#stats.disconnects++
    this.#log.warn({ disconnects: this.#stats.disconnects }, 'hub link lost')
    this.emit('disconnected')
  }

  #onError(error: Error & { code?: unknown }): void {
    this.#stats.errors++
    this.#errorsSinceConnect++
    // Refusals and socket errors repeat every reconnect period while the hub is away: the first
    // after each connection, and every hundredth, are loud; the rest are quiet.
    const count = this.#errorsSinceConnect
    const level = count === 1 || count % 100 === 0 ? 'warn' : 'debug'
    this.#log[level]({ code: error.code, err: error.message, errorsSinceConnect: count }, 'hub link error')
  }
}
