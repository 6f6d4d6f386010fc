import { randomUUID } from 'node:crypto'
import type { Alarm } from '../../../protocol/mqtt/messages/alarm.js'
import type { AlarmChange } from '../domain/door-supervision.js'
import type { Journal } from '../ports/journal.js'
import type { Logger } from '../ports/logger.js'

/** Journals alarm changes as protocol Alarms; a journal failure is logged, never thrown. */
export class AlarmJournal {
  readonly #edgeId: string
  readonly #journal: Journal
  readonly #log: Logger
  readonly #onJournalled: () => void

  constructor(edgeId: string, journal: Journal, log: Logger, onJournalled: () => void) {
    this.#edgeId = edgeId
    this.#journal = journal
    this.#log = log
    this.#onJournalled = onJournalled
  }

  async record(change: AlarmChange): Promise<void> {
    const message: Omit<Alarm, 'seq'> = {
      v: 1,
      id: randomUUID(),
      edgeId: this.#edgeId,
      kind: change.kind,
      state: change.state,
      at: new Date(change.atMs).toISOString(),
      doorId: change.doorId,
      ...(change.device !== undefined && { device: change.device }),
      ...(change.detail !== undefined && { detail: change.detail.slice(0, 160) }),
    }
    this.#log.warn({ alarm: change.kind, state: change.state, door: change.doorId, device: change.device }, 'alarm')
    try {
      await this.#journal.append({ kind: 'alarm', message })
      this.#onJournalled()
    } catch (error) {
      this.#log.error({ alarm: change.kind, code: (error as { code?: string }).code }, 'alarm not journalled')
    }
  }
}
