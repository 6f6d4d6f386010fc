import type { ScreenModule } from '../../shared/screen-module.js'
import { auditScreen } from './audit-screen.js'
import { chartsScreen } from './charts-screen.js'
import { dailyReportScreen } from './daily-report-screen.js'
import { dashboardScreen } from './dashboard-screen.js'
import { ledgerScreen } from './ledger-screen.js'
import { liveFeedScreen } from './live-feed-screen.js'
import { MONITORING_ROLES } from './monitoring-frame.js'
import { MONITORING_TEXTS } from './monitoring-texts.js'

/**
 * The console's monitoring (issue 5 §1): every checkpoint at a glance (the home screen), the
 * live entry feed, charts, ledgers with CSV export, the daily report and the audit log (admin).
 * Landlords see none of it (the hub refuses them the ledger too).
 */
export const MONITORING_MODULE: ScreenModule = {
  texts: MONITORING_TEXTS,
  nav: [
    { path: '/', label: 'mon.nav.dashboard', roles: MONITORING_ROLES },
    { path: '/live', label: 'mon.nav.live', roles: MONITORING_ROLES },
    { path: '/charts', label: 'mon.nav.charts', roles: MONITORING_ROLES },
    { path: '/ledger', label: 'mon.nav.ledger', roles: MONITORING_ROLES },
    { path: '/report', label: 'mon.nav.report', roles: MONITORING_ROLES },
    { path: '/audit', label: 'mon.nav.audit', roles: ['admin'] },
  ],
  screens: [
    { route: '/', render: (context) => dashboardScreen(context) },
    { route: '/live', render: (context) => liveFeedScreen(context) },
    { route: '/charts', render: (context) => chartsScreen(context) },
    { route: '/ledger', render: (context, params) => ledgerScreen(context, params) },
    { route: '/ledger/:tab', render: (context, params) => ledgerScreen(context, params) },
    { route: '/report', render: (context) => dailyReportScreen(context) },
    { route: '/audit', render: (context) => auditScreen(context) },
  ],
}
