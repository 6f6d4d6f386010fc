import { h } from '../../shared/dom.js'
import { formatDateTime } from '../../shared/format.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { alertKindText } from './alert-panel.js'
import { downloadCsv } from './csv-download.js'
import type { LedgerFilters } from './ledger-filters.js'
import type { Alert, AlertsPage } from './ledger-types.js'
import { pagedTable } from './paged-table.js'
import type { PlaceNames } from './place-names.js'

const PAGE_SIZE = 100

function stateText(context: ScreenContext, alert: Alert): string {
  const { i18n } = context
  if (alert.acknowledged !== null) return i18n.t('mon.alertState.acknowledged', { name: alert.acknowledged.name, at: formatDateTime(i18n, Date.parse(alert.acknowledged.at)) })
  if (alert.clearedAt !== null) return i18n.t('mon.alertState.cleared', { at: formatDateTime(i18n, Date.parse(alert.clearedAt)) })
  return i18n.t('mon.alertState.open')
}

/** Alerts, newest first: open ones by default, or all with what became of each. */
export function alertsLedger(context: ScreenContext, names: PlaceNames, filters: LedgerFilters): HTMLElement {
  const { i18n, api } = context
  const table = pagedTable<Alert, number>(i18n, {
    columns: [
      { label: 'mon.col.time', cell: (alert) => formatDateTime(i18n, Date.parse(alert.raisedAt)) },
      { label: 'mon.col.alert', cell: (alert) => h('span', { class: `badge ${alert.severity === 'critical' ? 'bad' : 'warn'}` }, alertKindText(i18n, alert.kind)) },
      { label: 'mon.col.where', cell: (alert) => names.where(alert.edgeId, alert.doorId) },
      { label: 'mon.col.person', cell: (alert) => alert.personName ?? '—' },
      { label: 'mon.col.occurrences', cell: (alert) => String(alert.occurrences), className: 'num' },
      { label: 'mon.col.state', cell: (alert) => stateText(context, alert) },
    ],
    rowKey: (alert) => alert.id,
    loadPage: async (before) => {
      const page = await api.get<AlertsPage>('/api/alerts', { state: filters.state ?? 'open', edgeId: filters.edgeId, kind: filters.kind, limit: PAGE_SIZE, before: before ?? undefined })
      return { rows: page.alerts, next: page.nextBefore }
    },
  })
  const exportAlerts = h('button', { type: 'button', 'data-action': 'export-alerts' }, i18n.t('action.export'))
  exportAlerts.addEventListener('click', () =>
    downloadCsv(
      'alerts.csv',
      ['raisedAt', 'kind', 'severity', 'edgeId', 'doorId', 'personName', 'detail', 'occurrences', 'clearedAt', 'acknowledgedBy'],
      table.rows().map((alert) => [alert.raisedAt, alert.kind, alert.severity, alert.edgeId, alert.doorId, alert.personName, alert.detail, alert.occurrences, alert.clearedAt, alert.acknowledged?.name ?? null]),
    ),
  )
  return h('div', { 'data-ledger': 'alerts' }, h('div', { class: 'ledger-actions' }, exportAlerts), table.element)
}
