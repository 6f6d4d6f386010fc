import type { AccessRouteDeps } from '../access/access-route-deps.js'
import type { HubRoutes } from '../build-hub-app.js'
import { accessRuleRoutes } from './access-rule-routes.js'
import { credentialRoutes } from './credential-routes.js'
import { doorGroupRoutes } from './door-group-routes.js'
import { edgeRoutes } from './edge-routes.js'
import { lockdownRoutes } from './lockdown-routes.js'
import { medicalExceptionRoutes } from './medical-exception-routes.js'
import { observationRoutes } from './observation-routes.js'
import { phoneKeyRoutes } from './phone-key-routes.js'
import { scheduleRoutes } from './schedule-routes.js'
import { visitorPassRoutes } from './visitor-pass-routes.js'

/** Every route of the access model (doors, rules, credentials, orders, visitors), for buildHubApp. */
export function accessRoutes(deps: AccessRouteDeps): HubRoutes[] {
  return [
    edgeRoutes(deps),
    doorGroupRoutes(deps),
    scheduleRoutes(deps),
    accessRuleRoutes(deps),
    credentialRoutes(deps),
    phoneKeyRoutes(deps),
    observationRoutes(deps),
    medicalExceptionRoutes(deps),
    lockdownRoutes(deps),
    visitorPassRoutes(deps),
  ]
}
