import { h } from '../../shared/dom.js'
import { formatCelsius, formatDateTime } from '../../shared/format.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { downloadCsv } from './csv-download.js'
import { eventsLedger } from './events-ledger.js'
import { instantRange, type LedgerFilters } from './ledger-filters.js'
import type { TemperatureReport, TemperatureReportsPage } from './ledger-types.js'
import { pagedTable } from './paged-table.js'
import type { PlaceNames } from './place-names.js'

const PAGE_SIZE = 100

/**
 * Temperatures: the readings the gates took (from the access ledger), and the readings people
 * reported — twice-daily phone reports under home observation and contact-thermometer
 * re-measures — from the temperature reports.
 */
export function temperatureLedger(context: ScreenContext, names: PlaceNames, filters: LedgerFilters): HTMLElement {
  const { i18n, api } = context
  const { fromMs, toMs } = instantRange(filters)
  const reports = pagedTable<TemperatureReport, number>(i18n, {
    columns: [
      { label: 'mon.col.time', cell: (report) => formatDateTime(i18n, report.reportedAtMs) },
      { label: 'mon.col.person', cell: (report) => report.personName },
      { label: 'mon.col.temperature', cell: (report) => (report.isFever ? h('span', { class: 'badge bad', 'data-fever': '' }, `${i18n.t('mon.fever')} ${formatCelsius(report.celsius)}`) : formatCelsius(report.celsius)) },
      { label: 'mon.col.source', cell: (report) => i18n.t(`mon.source.${report.source}`) },
    ],
    rowKey: (report) => report.id,
    loadPage: async (offset) => {
      const query = { personId: filters.personId, sinceMs: fromMs, untilMs: toMs, feverOnly: filters.fever === '1' ? true : undefined, limit: PAGE_SIZE, offset: offset ?? 0 }
      const page = await api.get<TemperatureReportsPage>('/api/temperature-reports', query)
      const next = page.offset + page.items.length
      return { rows: page.items, next: next < page.total ? next : null }
    },
  })
  const exportReports = h('button', { type: 'button', 'data-action': 'export-reports' }, i18n.t('action.export'))
  exportReports.addEventListener('click', () =>
    downloadCsv(
      'temperature-reports.csv',
      ['reportedAt', 'personId', 'personName', 'celsius', 'isFever', 'source'],
      reports.rows().map((report) => [new Date(report.reportedAtMs).toISOString(), report.personId, report.personName, report.celsius, report.isFever, report.source]),
    ),
  )
  return h(
    'div',
    {},
    h('h2', {}, i18n.t('mon.temperatures.gates')),
    eventsLedger(context, names, 'temperatures', filters),
    h('h2', {}, i18n.t('mon.temperatures.reports')),
    h('p', { class: 'muted' }, i18n.t('mon.temperatures.reportsIntro')),
    h('div', { class: 'temperature-reports', 'data-ledger': 'temperature-reports' }, h('div', { class: 'ledger-actions' }, exportReports), reports.element),
  )
}
