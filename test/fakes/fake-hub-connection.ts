import type { HubConnection, HubMessage, HubPublishOptions } from '../../edge/src/services/hub-connection.js'

export interface FakePublish {
  readonly topic: string
  readonly payload: Buffer
  readonly retain: boolean
}

/** A hub link in memory: records publishes, and the test decides how each one settles. */
export class FakeHubConnection implements HubConnection {
  readonly edgeId: string
  readonly baseTopic: string
  isConnected = false
  readonly published: FakePublish[] = []
  /** How the next publish settles; by default at once (an immediate PUBACK). */
  settle: (publish: FakePublish) => Promise<void> = () => Promise.resolve()
  readonly #connectionListeners = new Set<(isConnected: boolean) => void>()
  readonly #messageListeners = new Set<(message: HubMessage) => void>()

  constructor(edgeId = 'gate-north', baseTopic = 'gatehouse') {
    this.edgeId = edgeId
    this.baseTopic = baseTopic
  }

  publish(topic: string, payload: Buffer, options: HubPublishOptions): Promise<void> {
    const publish = { topic, payload, retain: options.retain }
    this.published.push(publish)
    return this.settle(publish)
  }

  onConnectionChanged(listener: (isConnected: boolean) => void): () => void {
    this.#connectionListeners.add(listener)
    return () => this.#connectionListeners.delete(listener)
  }

  onMessage(listener: (message: HubMessage) => void): () => void {
    this.#messageListeners.add(listener)
    return () => this.#messageListeners.delete(listener)
  }

  setConnected(isConnected: boolean): void {
    this.isConnected = isConnected
    for (const listener of this.#connectionListeners) listener(isConnected)
  }

  deliver(message: HubMessage): void {
    for (const listener of this.#messageListeners) listener(message)
  }

  /** Published payloads on `topic`, parsed as JSON. */
  messagesOn(topic: string): unknown[] {
    return this.published.filter((publish) => publish.topic === topic).map((publish) => JSON.parse(publish.payload.toString('utf8')) as unknown)
  }
}
