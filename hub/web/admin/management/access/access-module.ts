import type { ScreenModule } from '../../../shared/screen-module.js'
import { PEOPLE_TEXTS } from '../people/people-texts.js'
import { MANAGEMENT_TEXTS } from '../shared/management-texts.js'
import { mergeTextSets } from '../shared/merge-text-sets.js'
import { ACCESS_TEXTS } from './access-texts.js'
import { accessRulesScreen } from './access-rules-screen.js'
import { CREDENTIAL_TEXTS } from './credential-texts.js'
import { credentialsScreen } from './credentials-screen.js'
import { doorGroupsScreen } from './door-groups-screen.js'
import { doorsScreen } from './doors-screen.js'
import { schedulesScreen } from './schedules-screen.js'

/** Credentials, doors and lanes, door groups, schedules and holidays, access rules. */
export const ACCESS_MODULE: ScreenModule = {
  texts: mergeTextSets(MANAGEMENT_TEXTS, PEOPLE_TEXTS, CREDENTIAL_TEXTS, ACCESS_TEXTS),
  nav: [
    { path: '/credentials', label: 'credentials.nav', roles: ['admin', 'grid-manager'] },
    { path: '/rules', label: 'access.nav', roles: ['admin', 'grid-manager'] },
  ],
  screens: [
    { route: '/credentials', render: (context) => credentialsScreen(context) },
    { route: '/doors', render: (context) => doorsScreen(context) },
    { route: '/door-groups', render: (context) => doorGroupsScreen(context) },
    { route: '/schedules', render: (context) => schedulesScreen(context) },
    { route: '/rules', render: (context) => accessRulesScreen(context) },
  ],
}
