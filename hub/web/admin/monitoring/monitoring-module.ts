import type { ScreenModule } from '../../shared/screen-module.js'
import { dashboardScreen } from './dashboard-screen.js'
import { liveFeedScreen } from './live-feed-screen.js'
import { MONITORING_ROLES } from './monitoring-frame.js'
import { MONITORING_TEXTS } from './monitoring-texts.js'

/**
 * The console's monitoring (issue 5 §1): every checkpoint at a glance (the home screen), the
 * live entry feed, charts, ledgers with CSV export, the daily report and the audit log.
 * Landlords see none of it (the hub refuses them the ledger too).
 */
export const MONITORING_MODULE: ScreenModule = {
  texts: MONITORING_TEXTS,
  nav: [
    { path: '/', label: 'mon.nav.dashboard', roles: MONITORING_ROLES },
    { path: '/live', label: 'mon.nav.live', roles: MONITORING_ROLES },
  ],
  screens: [
    { route: '/', render: (context) => dashboardScreen(context) },
    { route: '/live', render: (context) => liveFeedScreen(context) },
  ],
}
