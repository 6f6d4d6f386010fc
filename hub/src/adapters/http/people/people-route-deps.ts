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
}
