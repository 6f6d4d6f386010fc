import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import { TOPIC_KINDS, hubSubscriptionFilters, matchTopic } from '../../../../protocol/mqtt/topics.js'
import { RefusalCounts } from '../../../../edge/src/services/refusal-counts.js'
import type { EdgeMessageSink } from '../../ports/edge-message-sink.js'
import type { HubMessageBus } from '../../ports/hub-message-bus.js'
import type { Logger } from '../../ports/logger.js'

/** MQTT 3.1.1 only: the same wire as the embedded broker (aedes). */
const MQTT_3_1_1 = 4

export interface ExternalBrokerOptions {
  /** mqtts://broker.city.lan:8883 (or mqtt://, ws://, wss://). */
  readonly url: string
  readonly baseTopic: string
  /**
   * The hub's MQTT user (docs/external-broker.md: `gatehouse.hub`). It contains a `.`, so it can
   * never be an edge id and no `%u` ACL pattern written for edges can grant it anything.
   */
  readonly username: string
  readonly password: Buffer
  /** Fixed, so the broker keeps the hub's persistent session (and its QoS 1 backlog) across restarts. */
  readonly clientId: string
  /** PEM of the CA that signed the broker's certificate, for a private CA. */
  readonly ca: Buffer | null
  readonly keepaliveSeconds: number
  readonly reconnectPeriodMs: number
  readonly connectTimeoutMs: number
}

export const DEFAULT_EXTERNAL_BROKER_TIMING = { keepaliveSeconds: 30, reconnectPeriodMs: 2_000, connectTimeoutMs: 10_000 } as const

export interface ExternalBrokerDeps {
  readonly sink: EdgeMessageSink
  readonly log: Logger
}

/**
 * The hub as a client of an external broker (Mosquitto, EMQX), where the broker enforces the
 * ACL (docs/external-broker.md). Subscribes to every edge-published kind with a persistent
 * session at QoS 1. Every message goes to the EdgeMessageSink inside mqtt.js' `handleMessage`,
 * which mqtt.js calls before it writes the PUBACK and whose callback releases it: the PUBACK
 * leaves only after `accept` returned. When `accept` throws, the message stays unacknowledged and
 * the connection is dropped, so the broker sends it again when the session resumes.
 */
export class ExternalBrokerClient implements HubMessageBus {
  readonly refusals = new RefusalCounts()
  readonly #options: ExternalBrokerOptions
  readonly #deps: ExternalBrokerDeps
  #client: MqttClient | undefined
  readonly #subscribedWaiters: Array<() => void> = []
  #isSubscribed = false

  constructor(options: ExternalBrokerOptions, deps: ExternalBrokerDeps) {
    this.#options = options
    this.#deps = deps
  }

  get isConnected(): boolean {
    return this.#client?.connected ?? false
  }

  /** Starts connecting and returns; the client reconnects by itself until `stop()`. */
  start(): void {
    if (this.#client !== undefined) return
    const { url, username, password, clientId, ca, keepaliveSeconds, reconnectPeriodMs, connectTimeoutMs } = this.#options
    const options: IClientOptions = {
      protocolVersion: MQTT_3_1_1,
      clientId,
      username,
      password,
      clean: false,
      keepalive: keepaliveSeconds,
      reconnectPeriod: reconnectPeriodMs,
      connectTimeout: connectTimeoutMs,
      resubscribe: false,
      ...(ca === null ? {} : { ca }),
    }
    const client = mqtt.connect(url, options)
    client.handleMessage = (packet, callback) => this.#handleMessage(client, packet, callback)
    client.on('connect', () => this.#subscribe(client))
    client.on('error', (error) => this.#deps.log.warn({ err: error.message, code: (error as { code?: unknown }).code }, 'external broker error'))
    client.on('offline', () => this.#deps.log.warn({ url }, 'external broker unreachable; reconnecting'))
    this.#client = client
  }

  async stop(): Promise<void> {
    const client = this.#client
    this.#client = undefined
    await client?.endAsync()
  }

  /** Resolves on the next successful connection (or at once if connected). */
  whenConnected(): Promise<void> {
    const client = this.#client
    if (client === undefined) return Promise.reject(new Error('the external broker client is not started'))
    if (client.connected) return Promise.resolve()
    return new Promise((resolve) => client.once('connect', () => resolve()))
  }

  /** Resolves once the broker has granted the hub's subscriptions on the current connection. */
  whenSubscribed(): Promise<void> {
    if (this.#isSubscribed && this.isConnected) return Promise.resolve()
    return new Promise((resolve) => this.#subscribedWaiters.push(resolve))
  }

  async publish(topic: string, payload: Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void> {
    const client = this.#client
    if (client === undefined) throw Object.assign(new Error('the external broker client is not started'), { code: 'BROKER_NOT_RUNNING' as const })
    await client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain })
  }

  #subscribe(client: MqttClient): void {
    this.#isSubscribed = false
    const filters = hubSubscriptionFilters(this.#options.baseTopic)
    client.subscribeAsync(filters, { qos: 1 }).then(
      (granted) => {
        const refused = granted.filter((grant) => grant.qos === 128).map((grant) => grant.topic)
        if (refused.length > 0) this.#deps.log.error({ refused }, 'the external broker refused hub subscriptions: check its ACL')
        else this.#deps.log.info({ filters }, 'subscribed at the external broker')
        this.#isSubscribed = true
        for (const resolve of this.#subscribedWaiters.splice(0)) resolve()
      },
      (error: Error) => this.#deps.log.error({ err: error.message }, 'subscribing at the external broker failed'),
    )
  }

  #handleMessage(client: MqttClient, packet: IPublishPacket, callback: (error?: Error) => void): void {
    const topic = packet.topic
    const matched = matchTopic(this.#options.baseTopic, topic)
    if (matched === null || TOPIC_KINDS[matched.kind].publisher !== 'edge') {
      this.refusals.add('foreign-topic')
      this.#deps.log.warn({ topic: topic.slice(0, 200) }, 'message on a topic the hub does not take; acknowledged and dropped')
      return callback()
    }
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload, 'utf8') : Buffer.from(packet.payload)
    new Promise((resolve) => resolve(this.#deps.sink.accept(matched.edgeId, topic, payload))).then(
      () => callback(),
      (error: unknown) => {
        this.refusals.add('sink-failed')
        this.#deps.log.error({ edgeId: matched.edgeId, kind: matched.kind, err: error }, 'edge message not acknowledged: the hub could not store it; reconnecting for redelivery')
        callback(error as Error)
        client.stream.destroy()
      },
    )
  }
}
