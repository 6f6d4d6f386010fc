import type { ApiClient } from '../shared/api-client.js'

/** A suspected fever a kiosk holds for the staff's contact reading (GET /api/staff-checks). */
export interface PendingStaffCheck {
  readonly alarmId: string
  readonly edgeId: string
  readonly doorId: string
  readonly doorName: string | null
  readonly raisedAt: string
  readonly kioskReading: string | null
}

/**
 * The live feed carries decisions, not a kiosk's "waiting for staff"; this asks the hub every
 * few seconds while the queue is on screen, and at once whenever the queue moves. A failed ask
 * keeps the last answer (the next one retries); the watch ends by itself once `isShown` says
 * the screen was left.
 */
export class StaffCheckWatch {
  static readonly POLL_MS = 3000
  readonly #api: ApiClient
  readonly #edgeId: string
  readonly #isShown: () => boolean
  readonly #onChange: (checks: readonly PendingStaffCheck[]) => void
  #timer: ReturnType<typeof setTimeout> | null = null
  #lastKey = ''

  constructor(api: ApiClient, edgeId: string, isShown: () => boolean, onChange: (checks: readonly PendingStaffCheck[]) => void) {
    this.#api = api
    this.#edgeId = edgeId
    this.#isShown = isShown
    this.#onChange = onChange
  }

  /** Asks now and then every POLL_MS. */
  start(): void {
    void this.refresh()
  }

  async refresh(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    if (!this.#isShown()) return
    try {
      const { checks } = await this.#api.get<{ checks: PendingStaffCheck[] }>('/api/staff-checks', { edgeId: this.#edgeId })
      const key = checks.map((check) => check.alarmId).join(',')
      if (key !== this.#lastKey && this.#isShown()) {
        this.#lastKey = key
        this.#onChange(checks)
      }
    } catch {
      // Keep showing what we had; the next round asks again.
    }
    if (this.#isShown() && this.#timer === null) this.#timer = setTimeout(() => void this.refresh(), StaffCheckWatch.POLL_MS)
  }
}
