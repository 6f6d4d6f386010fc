import type { ScreenModule } from '../../../shared/screen-module.js'
import { MANAGEMENT_TEXTS } from '../shared/management-texts.js'
import { mergeTextSets } from '../shared/merge-text-sets.js'
import { accountsScreen } from './accounts-screen.js'
import { ACCOUNTS_TEXTS } from './accounts-texts.js'

/** Accounts (admin). */
export const ACCOUNTS_MODULE: ScreenModule = {
  texts: mergeTextSets(MANAGEMENT_TEXTS, ACCOUNTS_TEXTS),
  nav: [{ path: '/accounts', label: 'accounts.nav', roles: ['admin'] }],
  screens: [{ route: '/accounts', render: (context) => accountsScreen(context) }],
}
