import type { ScreenModule } from '../../../shared/screen-module.js'
import { CREDENTIAL_TEXTS } from '../access/credential-texts.js'
import { PEOPLE_TEXTS } from '../people/people-texts.js'
import { MANAGEMENT_TEXTS } from '../shared/management-texts.js'
import { mergeTextSets } from '../shared/merge-text-sets.js'
import { declarationsScreen } from './declarations-screen.js'
import { declareTenantScreen } from './declare-tenant-screen.js'
import { landlordsScreen } from './landlords-screen.js'
import { TENANT_TEXTS } from './tenant-texts.js'
import { visitorPassesScreen } from './visitor-passes-screen.js'

/** Landlords, tenant declarations (a landlord's own, on a phone too) and visitor passes. */
export const TENANTS_MODULE: ScreenModule = {
  texts: mergeTextSets(MANAGEMENT_TEXTS, PEOPLE_TEXTS, CREDENTIAL_TEXTS, TENANT_TEXTS),
  nav: [
    { path: '/tenants', label: 'tenants.nav.mine', roles: ['landlord'] },
    { path: '/tenants', label: 'tenants.nav', roles: ['admin', 'grid-manager'] },
  ],
  screens: [
    { route: '/tenants', render: (context) => declarationsScreen(context) },
    { route: '/tenants/new', render: (context) => declareTenantScreen(context) },
    { route: '/landlords', render: (context) => landlordsScreen(context) },
    { route: '/visitors', render: (context) => visitorPassesScreen(context) },
  ],
}
