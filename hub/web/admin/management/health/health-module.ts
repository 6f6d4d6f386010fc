import type { ScreenModule } from '../../../shared/screen-module.js'
import { PEOPLE_TEXTS } from '../people/people-texts.js'
import { MANAGEMENT_TEXTS } from '../shared/management-texts.js'
import { mergeTextSets } from '../shared/merge-text-sets.js'
import { HEALTH_TEXTS } from './health-texts.js'
import { lockdownsScreen } from './lockdowns-screen.js'
import { observationScreen } from './observation-screen.js'
import { returneeScreen, returneesScreen } from './returnees-screen.js'

/** Home observation and medical exceptions, sealed buildings, returnee registrations. */
export const HEALTH_MODULE: ScreenModule = {
  texts: mergeTextSets(MANAGEMENT_TEXTS, PEOPLE_TEXTS, HEALTH_TEXTS),
  nav: [{ path: '/observation', label: 'health.nav', roles: ['admin', 'grid-manager'] }],
  screens: [
    { route: '/observation', render: (context) => observationScreen(context) },
    { route: '/lockdowns', render: (context) => lockdownsScreen(context) },
    { route: '/returnees', render: (context) => returneesScreen(context) },
    { route: '/returnees/:returneeId', render: (context, params) => returneeScreen(context, params) },
  ],
}
