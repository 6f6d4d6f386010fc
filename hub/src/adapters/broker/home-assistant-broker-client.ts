import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { HomeAssistantLink } from '../../ports/home-assistant-link.js'
import type { Logger } from '../../ports/logger.js'

/** MQTT 3.1.1: what every broker Home Assistant uses speaks. */
const MQTT_3_1_1 = 4

export interface HomeAssistantBrokerOptions {
  /** mqtt://homeassistant.lan:1883 or mqtts://...:8883. */
  readonly url: string
  readonly clientId: string
  readonly username: string | null
  readonly password: Buffer | null
  readonly ca: Buffer | null
  /** The hub's availability topic: "online" on connect, "offline" as the last will (both retained). */
  readonly availabilityTopic: string
  /** What the hub subscribes to (the locks' command topics). */
  readonly commandFilter: string
  readonly keepaliveSeconds: number
  readonly reconnectPeriodMs: number
  readonly connectTimeoutMs: number
}

export const DEFAULT_HOME_ASSISTANT_BROKER_TIMING = { keepaliveSeconds: 30, reconnectPeriodMs: 5_000, connectTimeoutMs: 10_000 } as const

/**
 * HomeAssistantLink over mqtt.js. A clean session (nothing to resume: states are published again
 * on every connect), QoS 1, retained publishes; "online" is published retained on each connect
 * before anything else, the last will says "offline".
 */
export class HomeAssistantBrokerClient implements HomeAssistantLink {
  readonly #options: HomeAssistantBrokerOptions
  readonly #log: Logger
  readonly #connectedListeners: (() => void)[] = []
  readonly #messageListeners: ((topic: string, payload: Buffer, isRetained: boolean) => void)[] = []
  #client: MqttClient | undefined

  constructor(options: HomeAssistantBrokerOptions, log: Logger) {
    this.#options = options
    this.#log = log
  }

  get isConnected(): boolean {
    return this.#client?.connected ?? false
  }

  onConnected(listener: () => void): void {
    this.#connectedListeners.push(listener)
  }

  onMessage(listener: (topic: string, payload: Buffer, isRetained: boolean) => void): void {
    this.#messageListeners.push(listener)
  }

  start(): void {
    if (this.#client !== undefined) return
    const { url, clientId, username, password, ca, availabilityTopic, keepaliveSeconds, reconnectPeriodMs, connectTimeoutMs } = this.#options
    const options: IClientOptions = {
      protocolVersion: MQTT_3_1_1,
      clientId,
      clean: true,
      keepalive: keepaliveSeconds,
      reconnectPeriod: reconnectPeriodMs,
      connectTimeout: connectTimeoutMs,
      will: { topic: availabilityTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
      ...(username !== null && { username }),
      ...(password !== null && { password }),
      ...(ca !== null && { ca }),
    }
    const client = mqtt.connect(url, options)
    client.on('connect', () => void this.#connected(client))
    client.on('message', (topic, payload, packet) => {
      for (const listener of this.#messageListeners) listener(topic, payload, packet.retain)
    })
    client.on('error', (error) => this.#log.warn({ err: error.message, code: (error as { code?: unknown }).code }, 'Home Assistant broker error'))
    client.on('offline', () => this.#log.warn({ url }, 'Home Assistant broker unreachable; reconnecting'))
    this.#client = client
  }

  async publish(topic: string, payload: string): Promise<void> {
    const client = this.#client
    if (client === undefined) throw Object.assign(new Error('the Home Assistant link is not started'), { code: 'BROKER_NOT_RUNNING' as const })
    await client.publishAsync(topic, payload, { qos: 1, retain: true })
  }

  /** Says "offline" itself (a clean disconnect sends no last will), then disconnects. */
  async stop(): Promise<void> {
    const client = this.#client
    this.#client = undefined
    if (client === undefined) return
    if (client.connected) await client.publishAsync(this.#options.availabilityTopic, 'offline', { qos: 1, retain: true }).catch(() => undefined)
    await client.endAsync()
  }

  async #connected(client: MqttClient): Promise<void> {
    try {
      await client.publishAsync(this.#options.availabilityTopic, 'online', { qos: 1, retain: true })
      const granted = await client.subscribeAsync(this.#options.commandFilter, { qos: 1 })
      if (granted.some((grant) => grant.qos === 128)) this.#log.warn({ filter: this.#options.commandFilter }, 'the Home Assistant broker refused the lock command subscription')
      this.#log.info({ url: this.#options.url }, 'connected to the Home Assistant broker')
    } catch (error) {
      this.#log.warn({ err: String(error) }, 'Home Assistant broker: announcing the hub failed')
      return
    }
    for (const listener of this.#connectedListeners) listener()
  }
}
