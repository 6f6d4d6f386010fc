import { policyAnnouncementTopic } from '../../../../protocol/mqtt/topics.js'
import type { HubMessageBus } from '../../ports/hub-message-bus.js'
import type { Logger } from '../../ports/logger.js'

/**
 * The retained announcement of each edge's latest version, published through the bus and kept
 * until the broker has taken it: what fails (the broker restarting) is published by the next
 * `publishPending`. Only the newest announcement of an edge is kept; an older one never
 * replaces it at the broker.
 */
export class PolicyAnnouncements {
  readonly #bus: HubMessageBus
  readonly #baseTopic: string
  readonly #log: Logger
  readonly #pending = new Map<string, Buffer>()

  constructor(bus: HubMessageBus, baseTopic: string, log: Logger) {
    this.#bus = bus
    this.#baseTopic = baseTopic
    this.#log = log
  }

  get pendingCount(): number {
    return this.#pending.size
  }

  /** Queues the edge's newest announcement (the signed JSON payload). */
  queue(edgeId: string, payload: Buffer): void {
    this.#pending.set(edgeId, payload)
  }

  /** Publishes every queued announcement; resolves true when the broker took them all. */
  async publishPending(): Promise<boolean> {
    const results = await Promise.allSettled(
      [...this.#pending].map(async ([edgeId, payload]) => {
        await this.#bus.publish(policyAnnouncementTopic(this.#baseTopic, edgeId), payload, { qos: 1, retain: true })
        if (this.#pending.get(edgeId) === payload) this.#pending.delete(edgeId)
      }),
    )
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    if (failed.length > 0) this.#log.warn({ failed: failed.length, err: String(failed[0]!.reason) }, 'policy announcements not published; trying again')
    return failed.length === 0
  }

  /** Drops a removed edge's queued announcement and clears its retained one (an empty retained message). */
  clear(edgeId: string): void {
    this.#pending.delete(edgeId)
    this.#bus
      .publish(policyAnnouncementTopic(this.#baseTopic, edgeId), Buffer.alloc(0), { qos: 1, retain: true })
      .catch((error: unknown) => this.#log.warn({ edgeId, err: String(error) }, 'retained announcement of a removed edge not cleared'))
  }
}
