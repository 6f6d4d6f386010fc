import type { AccessRouteDeps } from '../access/access-route-deps.js'
import type { HubRoutes } from '../build-hub-app.js'
import { edgeRoutes } from './edge-routes.js'

/** Every route of the access model (doors, rules, credentials, orders, visitors), for buildHubApp. */
export function accessRoutes(deps: AccessRouteDeps): HubRoutes[] {
  return [edgeRoutes(deps)]
}
