import type { HubRoutes } from '../build-hub-app.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { buildingRoutes } from './building-routes.js'
import { gridRoutes } from './grid-routes.js'
import { householdRoutes } from './household-routes.js'
import { landlordRoutes } from './landlord-routes.js'
import { observationReportRoutes } from './observation-report-routes.js'
import { personChangeRoutes } from './person-change-routes.js'
import { personRoutes } from './person-routes.js'
import { photoRoutes } from './photo-routes.js'
import { returneeRoutes } from './returnee-routes.js'
import { siteRoutes } from './site-routes.js'
import { temperatureRoutes } from './temperature-routes.js'
import { tenantDeclarationRoutes } from './tenant-declaration-routes.js'

/** Every people-and-places route (H-people's area), for the assembly to pass to buildHubApp. */
export function peopleRoutes(deps: PeopleRouteDeps): HubRoutes[] {
  return [
    siteRoutes(deps),
    gridRoutes(deps),
    buildingRoutes(deps),
    householdRoutes(deps),
    personRoutes(deps),
    personChangeRoutes(deps),
    photoRoutes(deps),
    landlordRoutes(deps),
    tenantDeclarationRoutes(deps),
    returneeRoutes(deps),
    temperatureRoutes(deps),
    observationReportRoutes(deps),
  ]
}
