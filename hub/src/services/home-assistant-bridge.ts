import { RefusalCounts } from '../../../edge/src/services/refusal-counts.js'
import { doorEntityStateTopic, matchLockCommandTopic } from '../../../protocol/mqtt/home-assistant-topics.js'
import {
  discoveryMessages,
  stateMessages,
  type HomeAssistantEdge,
  type HomeAssistantMessage,
  type HomeAssistantSettings,
} from '../domain/home-assistant/home-assistant-entities.js'
import type { Clock, TimerHandle } from '../ports/clock.js'
import type { HomeAssistantLink } from '../ports/home-assistant-link.js'
import type { Logger } from '../ports/logger.js'
import type { LiveItem, LiveListener } from './live-feed.js'

export interface HomeAssistantBridgeOptions extends HomeAssistantSettings {
  /** How long a door shows "unlocked" after a grant (the edge does not report its relay). */
  readonly unlockedDisplayMs: number
  /** The community model (edges, doors) is read again this often, for new and removed doors. */
  readonly refreshMs: number
}

export interface HomeAssistantBridgeDeps {
  readonly link: HomeAssistantLink
  /** Every edge with its doors and software version. */
  readonly edges: () => readonly HomeAssistantEdge[]
  /** Whether each edge's retained status says online. */
  readonly onlineEdgeIds: () => ReadonlySet<string>
  /** Open alerts of all edges. */
  readonly openAlerts: () => readonly { readonly edgeId: string; readonly kind: string; readonly doorId: string | null }[]
  readonly subscribe: (listener: LiveListener) => () => void
  readonly clock: Clock
  readonly log: Logger
}

/**
 * Optional Home Assistant MQTT discovery (docs/home-assistant.md): the hub announces each edge
 * as a device with its doors (locks), thermometers (sensors) and alarms (binary sensors) on the
 * community's Home Assistant broker, and keeps their retained states in step with the live feed.
 *
 * Lock commands from Home Assistant are refused, logged and counted, and the lock's real state
 * is published again: a door opens only through the hub's signed, rights-checked, audited path
 * for a person (the phone app), and Home Assistant is not a person.
 */
export class HomeAssistantBridge {
  /** Refused commands by code, for status and tests. */
  readonly refusals = new RefusalCounts()
  readonly #deps: HomeAssistantBridgeDeps
  readonly #options: HomeAssistantBridgeOptions
  /** What is on the broker now (retained), by topic: published again only when it changes. */
  readonly #published = new Map<string, string>()
  readonly #configTopics = new Set<string>()
  readonly #unlocked = new Map<string, TimerHandle>()
  #edges: readonly HomeAssistantEdge[] = []
  #refreshTimer: TimerHandle | null = null
  #unsubscribe: (() => void) | null = null
  #isRunning = false

  constructor(deps: HomeAssistantBridgeDeps, options: HomeAssistantBridgeOptions) {
    this.#deps = deps
    this.#options = options
  }

  start(): void {
    if (this.#isRunning) return
    this.#isRunning = true
    const { link } = this.#deps
    link.onConnected(() => {
      // A broker restarted without persistence has lost every retained message: publish all again.
      this.#published.clear()
      this.#sync()
    })
    link.onMessage((topic, payload, isRetained) => this.#command(topic, payload, isRetained))
    this.#unsubscribe = this.#deps.subscribe((item) => this.#onLiveItem(item))
    this.#armRefresh()
    link.start()
  }

  async stop(): Promise<void> {
    this.#isRunning = false
    this.#unsubscribe?.()
    if (this.#refreshTimer !== null) this.#deps.clock.clearTimeout(this.#refreshTimer)
    for (const timer of this.#unlocked.values()) this.#deps.clock.clearTimeout(timer)
    this.#unlocked.clear()
    await this.#deps.link.stop()
  }

  /** Reads the model and publishes what changed: discovery configs (removed entities get an empty config) and states. */
  #sync(): void {
    this.#edges = this.#deps.edges()
    const configs = this.#edges.flatMap((edge) => discoveryMessages(edge, this.#options))
    const current = new Set(configs.map((message) => message.topic))
    const removed = [...this.#configTopics].filter((topic) => !current.has(topic))
    for (const topic of removed) {
      this.#configTopics.delete(topic)
      this.#publish({ topic, payload: '' })
    }
    for (const message of configs) {
      this.#configTopics.add(message.topic)
      this.#publish(message)
    }
    this.#publishStates(null)
  }

  /** States of one edge, or of all (null). */
  #publishStates(edgeId: string | null): void {
    const online = this.#deps.onlineEdgeIds()
    const alerts = this.#deps.openAlerts()
    for (const edge of this.#edges) {
      if (edgeId !== null && edge.id !== edgeId) continue
      const unlockedDoorIds = new Set(edge.doors.filter((door) => this.#unlocked.has(`${edge.id}/${door.id}`)).map((door) => door.id))
      const view = { isOnline: online.has(edge.id), openAlerts: alerts.filter((alert) => alert.edgeId === edge.id), unlockedDoorIds }
      for (const message of stateMessages(edge, this.#options, view)) this.#publish(message)
    }
  }

  #onLiveItem(item: LiveItem): void {
    // An edge heard of for the first time (just enrolled): read the model now, not at the next refresh.
    if (item.kind === 'status') return this.#edges.some((edge) => edge.id === item.edgeId) ? this.#publishStates(item.edgeId) : this.#sync()
    if (item.kind === 'alert') return this.#publishStates(item.change.alert.edgeId)
    const { edgeId, doorId, isGranted, celsius } = item.record
    if (celsius !== null && this.#options.shareTemperatures && this.#hasTemperatureSensor(edgeId, doorId)) {
      this.#publish({ topic: doorEntityStateTopic(this.#options.stateBase, edgeId, doorId, 'temperature'), payload: celsius.toFixed(1) })
    }
    if (isGranted && this.#isRecent(item.record.occurredAtMs)) this.#showUnlocked(edgeId, doorId)
  }

  /** A backlog drained after an outage must not flash every door open. */
  #isRecent(occurredAtMs: number): boolean {
    return this.#deps.clock.now() - occurredAtMs < this.#options.unlockedDisplayMs
  }

  #showUnlocked(edgeId: string, doorId: string): void {
    const key = `${edgeId}/${doorId}`
    const { clock } = this.#deps
    const previous = this.#unlocked.get(key)
    if (previous !== undefined) clock.clearTimeout(previous)
    this.#unlocked.set(
      key,
      clock.setTimeout(() => {
        this.#unlocked.delete(key)
        this.#publishStates(edgeId)
      }, this.#options.unlockedDisplayMs),
    )
    this.#publishStates(edgeId)
  }

  #hasTemperatureSensor(edgeId: string, doorId: string): boolean {
    return this.#edges.some((edge) => edge.id === edgeId && edge.doors.some((door) => door.id === doorId && door.isTemperatureRequired))
  }

  #command(topic: string, payload: Buffer, isRetained: boolean): void {
    const target = matchLockCommandTopic(this.#options.stateBase, topic)
    if (target === null) return
    const code = isRetained ? 'HA_RETAINED_COMMAND' : 'HA_LOCK_COMMANDS_REFUSED'
    this.refusals.add(code)
    this.#deps.log.warn(
      { ...target, code, command: payload.toString('utf8').slice(0, 16) },
      'Home Assistant lock command refused: doors open only through the hub for a person with the right (phone app or staff console)',
    )
    // Home Assistant waits for the state after a command: say again what the door is.
    const lockTopic = doorEntityStateTopic(this.#options.stateBase, target.edgeId, target.doorId, 'lock')
    const state = this.#published.get(lockTopic)
    if (state !== undefined) {
      this.#published.delete(lockTopic)
      this.#publish({ topic: lockTopic, payload: state })
    }
  }

  #publish(message: HomeAssistantMessage): void {
    const { link, log } = this.#deps
    if (!link.isConnected || this.#published.get(message.topic) === message.payload) return
    this.#published.set(message.topic, message.payload)
    link.publish(message.topic, message.payload).catch((error: unknown) => {
      // Not on the broker after all: the next change, refresh or connect publishes it again.
      if (this.#published.get(message.topic) === message.payload) this.#published.delete(message.topic)
      log.warn({ topic: message.topic.slice(0, 200), err: String(error) }, 'Home Assistant publish failed')
    })
  }

  #armRefresh(): void {
    this.#refreshTimer = this.#deps.clock.setTimeout(() => {
      if (!this.#isRunning) return
      if (this.#deps.link.isConnected) this.#sync()
      this.#armRefresh()
    }, this.#options.refreshMs)
  }
}
