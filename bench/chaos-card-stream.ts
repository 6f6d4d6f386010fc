import type { CastMember } from '../firmware-sim/src/community/community-files.js'
import type { CommunityProcesses } from '../firmware-sim/src/community/community-processes.js'
import { countKey, maskedCard } from './chaos-tally.js'

/** One reader the stream presents cards at, with the door and edge it belongs to. */
export interface StreamReader {
  /** The simulator's process name (`sim-bld-1-in`). */
  readonly process: string
  readonly doorId: string
  readonly edgeId: string
  /** Members who live behind this door (mostly granted); others are mostly refused. */
  readonly residents: readonly CastMember[]
}

export interface CardStreamSettings {
  readonly facility: number
  readonly everyone: readonly CastMember[]
  /** Pause between one read being delivered and the next presentation at the same reader. */
  readonly pauseMs: number
  readonly random: () => number
}

const STATUS_POLL_MS = 100

/**
 * A steady stream of card presentations, one loop per reader: present a card (`card F N` on the
 * simulator's control port), then wait until the reader has handed it to its edge in answer to
 * a POLL (`deliveredCards` in the simulator's status) before the next. A card typed while the
 * edge is dead waits in the reader's queue; so `delivered` counts what the edge could have seen,
 * `typed` what was merely presented.
 */
export class ChaosCardStream {
  readonly #processes: CommunityProcesses
  readonly #readers: readonly StreamReader[]
  readonly #settings: CardStreamSettings
  /** Delivered reads by `doorId|maskedCard`. */
  readonly delivered = new Map<string, number>()
  /** Delivered reads by edge id. */
  readonly deliveredByEdge = new Map<string, number>()
  typed = 0
  #isStopping = false
  #loops: Promise<void>[] = []

  constructor(processes: CommunityProcesses, readers: readonly StreamReader[], settings: CardStreamSettings) {
    this.#processes = processes
    this.#readers = readers
    this.#settings = settings
  }

  get deliveredCount(): number {
    let total = 0
    for (const count of this.delivered.values()) total += count
    return total
  }

  start(): void {
    this.#loops = this.#readers.map((reader) => this.#run(reader))
  }

  /** Stops presenting; resolves once every reader has delivered what was typed, or after `drainMs` (what is left stays typed, not delivered). */
  async stop(drainMs: number): Promise<void> {
    this.#isStopping = true
    this.#drainUntilMs = Date.now() + drainMs
    await Promise.all(this.#loops)
  }

  #drainUntilMs = Number.POSITIVE_INFINITY

  async #run(reader: StreamReader): Promise<void> {
    let deliveredSoFar = await this.#deliveredCards(reader)
    while (!this.#isStopping) {
      const member = this.#pick(reader)
      const answer = await this.#processes.control(reader.process, `card ${this.#settings.facility} ${member.card}`)
      if (!answer.startsWith('ok')) throw new Error(`${reader.process} refused a card: ${answer}`)
      this.typed += 1
      const delivered = await this.#awaitDelivery(reader, deliveredSoFar)
      if (delivered === deliveredSoFar) return
      deliveredSoFar = delivered
      const key = countKey(reader.doorId, maskedCard(member.card))
      this.delivered.set(key, (this.delivered.get(key) ?? 0) + 1)
      this.deliveredByEdge.set(reader.edgeId, (this.deliveredByEdge.get(reader.edgeId) ?? 0) + 1)
      await delay(this.#settings.pauseMs * (0.5 + this.#settings.random()))
    }
  }

  /** Resolves with the reader's new delivered count, or the old one when the drain time ran out first. */
  async #awaitDelivery(reader: StreamReader, before: number): Promise<number> {
    while (Date.now() < this.#drainUntilMs) {
      const now = await this.#deliveredCards(reader)
      if (now > before) return now
      await delay(STATUS_POLL_MS)
    }
    return before
  }

  async #deliveredCards(reader: StreamReader): Promise<number> {
    const answer = await this.#processes.control(reader.process, 'status')
    if (!answer.startsWith('ok ')) throw new Error(`${reader.process} status: ${answer}`)
    const status = JSON.parse(answer.slice(3)) as { reader?: { deliveredCards?: number } }
    const delivered = status.reader?.deliveredCards
    if (typeof delivered !== 'number') throw new Error(`${reader.process} does not report deliveredCards (rebuild: npm run build)`)
    return delivered
  }

  #pick(reader: StreamReader): { readonly card: number } {
    const pool = reader.residents.length > 0 && this.#settings.random() < 0.75 ? reader.residents : this.#settings.everyone
    return pool[Math.floor(this.#settings.random() * pool.length)]!
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
