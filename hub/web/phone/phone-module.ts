import type { ScreenModule } from '../shared/screen-module.js'
import { doorsScreen } from './doors-screen.js'
import { entriesScreen } from './entries-screen.js'
import { healthScreen } from './health-screen.js'
import { householdScreen } from './household-screen.js'
import { passCodeScreen } from './pass-code-screen.js'
import { PHONE_TEXTS } from './phone-texts.js'

/** The resident's own screens: open doors (home), pass code, temperature, household, entries. */
export const PHONE_MODULE: ScreenModule = {
  texts: PHONE_TEXTS,
  nav: [
    { path: '/doors', label: 'phone.nav.doors' },
    { path: '/pass', label: 'phone.nav.pass' },
    { path: '/health', label: 'phone.nav.health', roles: ['resident'] },
    { path: '/household', label: 'phone.nav.household', roles: ['resident'] },
    { path: '/entries', label: 'phone.nav.entries', roles: ['resident'] },
  ],
  screens: [
    { route: '/doors', render: doorsScreen },
    { route: '/pass', render: passCodeScreen },
    { route: '/health', render: healthScreen },
    { route: '/household', render: householdScreen },
    { route: '/entries', render: entriesScreen },
  ],
}
