import type { PeopleRepositories } from '../../sqlite/people/people-repositories.js'
import type { Clock } from '../../../ports/clock.js'
import type { Logger } from '../../../ports/logger.js'
import type { PolicyChangeListener } from '../../../ports/policy-change-listener.js'

/** What every people-and-places route needs. */
export interface PeopleRouteDeps {
  readonly repositories: PeopleRepositories
  readonly clock: Clock
  /** Told after a committed change that can change a door's decision (a person moved out ...). */
  readonly policyChanges: PolicyChangeListener
  readonly log: Logger
  /** Largest photo accepted, bytes after base64 decoding (default 512 KiB). */
  readonly photoMaxBytes?: number
  /** Told after a reported temperature at or above the fever threshold was stored (for alerts). */
  readonly onFeverReported?: (report: FeverReport) => void
}

export interface FeverReport {
  readonly reportId: string
  readonly personId: string
  readonly celsius: number
  readonly source: 'phone' | 'contact-thermometer' | 'kiosk'
  readonly reportedAtMs: number
}
