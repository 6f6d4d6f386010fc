import type { OsdpReply } from '../../../protocol/osdp/osdp-replies.js'

/**
 * Activity a PD reports in answer to POLL, oldest first. Bounded like a real reader's buffer;
 * what does not fit is counted in `droppedEvents`, never silently lost. Status replies are
 * coalesced: only the latest input or local status needs reporting.
 */
export class ReaderEventQueue {
  readonly #capacity: number
  #events: OsdpReply[] = []
  droppedEvents = 0

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get length(): number {
    return this.#events.length
  }

  push(event: OsdpReply): boolean {
    if (this.#events.length >= this.#capacity) {
      this.droppedEvents++
      return false
    }
    this.#events.push(event)
    return true
  }

  /** Replaces a queued status reply of the same type, or queues it. */
  replace(type: 'ISTATR' | 'LSTATR', event: OsdpReply): void {
    const index = this.#events.findIndex((queued) => queued.type === type)
    if (index >= 0) this.#events[index] = event
    else this.push(event)
  }

  take(): OsdpReply | undefined {
    return this.#events.shift()
  }

  clear(): void {
    this.#events = []
  }
}
