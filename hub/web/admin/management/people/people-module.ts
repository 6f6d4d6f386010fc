import type { ScreenModule } from '../../../shared/screen-module.js'
import { ACCESS_TEXTS } from '../access/access-texts.js'
import { CREDENTIAL_TEXTS } from '../access/credential-texts.js'
import { ACCOUNTS_TEXTS } from '../accounts/accounts-texts.js'
import { HEALTH_TEXTS } from '../health/health-texts.js'
import { MANAGEMENT_TEXTS } from '../shared/management-texts.js'
import { mergeTextSets } from '../shared/merge-text-sets.js'
import { buildingScreen } from './building-screen.js'
import { householdScreen } from './household-screen.js'
import { movePersonScreen } from './move-person-screen.js'
import { newPersonScreen } from './new-person-screen.js'
import { PEOPLE_TEXTS } from './people-texts.js'
import { personScreen } from './person-screen.js'
import { PHONE_LINK_TEXTS } from './phone-link-texts.js'
import { placesScreen } from './places-screen.js'
import { residentsScreen } from './residents-screen.js'

/** Residents, households, buildings, units and grids (the admin's and, for their grid, a grid manager's). */
export const PEOPLE_MODULE: ScreenModule = {
  texts: mergeTextSets(MANAGEMENT_TEXTS, CREDENTIAL_TEXTS, ACCESS_TEXTS, HEALTH_TEXTS, ACCOUNTS_TEXTS, PEOPLE_TEXTS, PHONE_LINK_TEXTS),
  nav: [
    { path: '/residents', label: 'people.nav.residents', roles: ['admin', 'grid-manager'] },
    { path: '/places', label: 'people.nav.places', roles: ['admin', 'grid-manager'] },
  ],
  screens: [
    { route: '/residents', render: (context) => residentsScreen(context) },
    { route: '/residents/new', render: (context) => newPersonScreen(context) },
    { route: '/residents/:personId', render: (context, params) => personScreen(context, params) },
    { route: '/residents/:personId/move', render: (context, params) => movePersonScreen(context, params) },
    { route: '/places', render: (context) => placesScreen(context) },
    { route: '/places/buildings/:buildingId', render: (context, params) => buildingScreen(context, params) },
    { route: '/places/households/:householdId', render: (context, params) => householdScreen(context, params) },
  ],
}
