import type BetterSqlite3 from 'better-sqlite3'
import { BuildingRepository } from './building-repository.js'
import { GridRepository } from './grid-repository.js'
import { HouseholdRepository } from './household-repository.js'
import { LandlordRepository } from './landlord-repository.js'
import { PersonRepository } from './person-repository.js'
import { PhotoRepository } from './photo-repository.js'
import { ReturneeRepository } from './returnee-repository.js'
import { SiteRepository } from './site-repository.js'
import { TemperatureReportRepository } from './temperature-report-repository.js'
import { TenantDeclarationRepository } from './tenant-declaration-repository.js'

/** Every repository of the people-and-places model (m002), over one connection. */
export interface PeopleRepositories {
  readonly connection: BetterSqlite3.Database
  readonly sites: SiteRepository
  readonly grids: GridRepository
  readonly buildings: BuildingRepository
  readonly households: HouseholdRepository
  readonly persons: PersonRepository
  readonly photos: PhotoRepository
  readonly landlords: LandlordRepository
  readonly declarations: TenantDeclarationRepository
  readonly returnees: ReturneeRepository
  readonly temperatures: TemperatureReportRepository
}

export function createPeopleRepositories(connection: BetterSqlite3.Database): PeopleRepositories {
  return {
    connection,
    sites: new SiteRepository(connection),
    grids: new GridRepository(connection),
    buildings: new BuildingRepository(connection),
    households: new HouseholdRepository(connection),
    persons: new PersonRepository(connection),
    photos: new PhotoRepository(connection),
    landlords: new LandlordRepository(connection),
    declarations: new TenantDeclarationRepository(connection),
    returnees: new ReturneeRepository(connection),
    temperatures: new TemperatureReportRepository(connection),
  }
}
