import type BetterSqlite3 from 'better-sqlite3'
import type { Clock } from '../../../ports/clock.js'
import type { Logger } from '../../../ports/logger.js'
import type { PolicyChangeListener } from '../../../ports/policy-change-listener.js'
import { AccessRuleRepository } from '../../sqlite/access/access-rule-repository.js'
import { CredentialRepository } from '../../sqlite/access/credential-repository.js'
import { DoorGroupRepository } from '../../sqlite/access/door-group-repository.js'
import { DoorRepository } from '../../sqlite/access/door-repository.js'
import { EdgeRepository } from '../../sqlite/access/edge-repository.js'
import { LockdownRepository } from '../../sqlite/access/lockdown-repository.js'
import { MedicalExceptionRepository } from '../../sqlite/access/medical-exception-repository.js'
import { ObservationRepository } from '../../sqlite/access/observation-repository.js'
import { PhoneKeyRepository } from '../../sqlite/access/phone-key-repository.js'
import { ScheduleRepository } from '../../sqlite/access/schedule-repository.js'
import { SubjectPlaces } from '../../sqlite/access/subject-places.js'
import { VisitorPassRepository } from '../../sqlite/access/visitor-pass-repository.js'

/** The access model's repositories over the hub database. */
export interface AccessRepositories {
  readonly places: SubjectPlaces
  readonly edges: EdgeRepository
  readonly doors: DoorRepository
  readonly doorGroups: DoorGroupRepository
  readonly schedules: ScheduleRepository
  readonly accessRules: AccessRuleRepository
  readonly credentials: CredentialRepository
  readonly phoneKeys: PhoneKeyRepository
  readonly visitorPasses: VisitorPassRepository
  readonly observations: ObservationRepository
  readonly medicalExceptions: MedicalExceptionRepository
  readonly lockdowns: LockdownRepository
}

export function createAccessRepositories(connection: BetterSqlite3.Database): AccessRepositories {
  const places = new SubjectPlaces(connection)
  const credentials = new CredentialRepository(connection)
  return {
    places,
    edges: new EdgeRepository(connection),
    doors: new DoorRepository(connection),
    doorGroups: new DoorGroupRepository(connection),
    schedules: new ScheduleRepository(connection),
    accessRules: new AccessRuleRepository(connection),
    credentials,
    phoneKeys: new PhoneKeyRepository(connection, credentials),
    visitorPasses: new VisitorPassRepository(connection, credentials, places),
    observations: new ObservationRepository(connection),
    medicalExceptions: new MedicalExceptionRepository(connection),
    lockdowns: new LockdownRepository(connection),
  }
}

/** What every access-model route needs. */
export interface AccessRouteDeps {
  readonly repositories: AccessRepositories
  readonly clock: Clock
  /**
   * Told, synchronously right after each commit, of every change that may alter a door's
   * decision (a revocation must reach the edges within a second); never for a refused change.
   */
  readonly policyChanges: PolicyChangeListener
  readonly log: Logger
  /** Longest visitor pass, ms (default 24 h). */
  readonly visitorPassMaxMs?: number
}
