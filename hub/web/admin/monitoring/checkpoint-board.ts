import type { ApiClient } from '../../shared/api-client.js'
import { h, replaceChildren } from '../../shared/dom.js'
import type { I18n } from '../../shared/i18n.js'
import { checkpointTile, type DoorAlertKinds } from './checkpoint-tile.js'
import type { Checkpoint, CheckpointsAnswer, DayCounts, LedgerEvent, StatusChange } from './ledger-types.js'

/** A status or attempt often comes in bursts: one reload of the list answers a burst. */
const REFRESH_DELAY_MS = 800

function counted(counts: DayCounts, event: LedgerEvent): DayCounts {
  return {
    passes: counts.passes + (event.granted ? 1 : 0),
    denials: counts.denials + (event.granted ? 0 : 1),
    fevers: counts.fevers + (event.temperature?.isFever === true ? 1 : 0),
  }
}

/**
 * Every checkpoint's tile, kept current without reloading the page: a status message turns a
 * tile offline or online at once (then the list is read again for devices and policy lag), an
 * attempt adds to today's figures and becomes the door's last event.
 */
export class CheckpointBoard {
  readonly element = h('div', { class: 'checkpoint-board grid-cards', 'data-checkpoints': '' })
  readonly #i18n: I18n
  readonly #api: ApiClient
  readonly #doorAlerts: () => DoorAlertKinds
  #checkpoints: Checkpoint[]
  #date: string
  #refreshTimer: ReturnType<typeof setTimeout> | null = null

  constructor(i18n: I18n, api: ApiClient, answer: CheckpointsAnswer, doorAlerts: () => DoorAlertKinds) {
    this.#i18n = i18n
    this.#api = api
    this.#checkpoints = [...answer.checkpoints]
    this.#date = answer.date
    this.#doorAlerts = doorAlerts
  }

  get date(): string {
    return this.#date
  }

  render(): void {
    const doorAlerts = this.#doorAlerts()
    if (this.#checkpoints.length === 0) replaceChildren(this.element, h('p', { class: 'muted empty' }, this.#i18n.t('mon.checkpoints.none')))
    else replaceChildren(this.element, this.#checkpoints.map((checkpoint) => checkpointTile(this.#i18n, checkpoint, doorAlerts)))
  }

  applyStatus(change: StatusChange): void {
    this.#update(change.edgeId, (checkpoint) => ({
      ...checkpoint,
      state: change.state,
      lastSeenAt: change.at,
      journalBacklog: change.journalBacklog,
      policy: { ...checkpoint.policy, appliedVersion: change.policyVersion },
    }))
    this.refreshSoon()
  }

  applyAccess(event: LedgerEvent): void {
    this.#update(event.edgeId, (checkpoint) => ({
      ...checkpoint,
      today: counted(checkpoint.today, event),
      doors: checkpoint.doors.map((door) => (door.id === event.doorId ? { ...door, today: counted(door.today, event), lastEvent: event } : door)),
    }))
  }

  /** Reads the list again shortly (several calls in a row cost one request). */
  refreshSoon(): void {
    if (this.#refreshTimer !== null) return
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null
      void this.refresh()
    }, REFRESH_DELAY_MS)
  }

  async refresh(): Promise<void> {
    try {
      const answer = await this.#api.get<CheckpointsAnswer>('/api/checkpoints')
      this.#checkpoints = [...answer.checkpoints]
      this.#date = answer.date
      this.render()
    } catch {
      // The reconnecting banner already says the hub is out of reach; the tiles keep their last known state.
    }
  }

  #update(edgeId: string, change: (checkpoint: Checkpoint) => Checkpoint): void {
    const index = this.#checkpoints.findIndex((checkpoint) => checkpoint.edgeId === edgeId)
    const current = this.#checkpoints[index]
    if (current === undefined) {
      this.refreshSoon()
      return
    }
    const next = change(current)
    this.#checkpoints[index] = next
    const tile = this.element.querySelector(`[data-checkpoint="${CSS.escape(edgeId)}"]`)
    const fresh = checkpointTile(this.#i18n, next, this.#doorAlerts())
    if (tile === null) this.render()
    else tile.replaceWith(fresh)
  }
}
