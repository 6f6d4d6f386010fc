import type { HubRoutes } from '../build-hub-app.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { personChangeRoutes } from './person-change-routes.js'
import { personRoutes } from './person-routes.js'

/** Every people-and-places route (H-people's area), for the assembly to pass to buildHubApp. */
export function peopleRoutes(deps: PeopleRouteDeps): HubRoutes[] {
  return [personRoutes(deps), personChangeRoutes(deps)]
}
