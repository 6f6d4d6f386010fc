import { apiUrl } from '../../shared/api-client.js'
import { dataTable } from '../../shared/data-table.js'
import { h } from '../../shared/dom.js'
import { formView } from '../../shared/form-view.js'
import { formatCelsius } from '../../shared/format.js'
import type { I18n } from '../../shared/i18n.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../management/shared/hash-query.js'
import type { DailyReport } from './ledger-types.js'
import { withLoading } from './monitoring-frame.js'

type GateRow = { key: string; name: string; isGate: boolean; passes: number; denials: number; fevers: number }
type GridRow = DailyReport['grids'][number] & { key: string; isTotal: boolean }

function gateTable(i18n: I18n, report: DailyReport): HTMLElement {
  const rows: GateRow[] = report.gates.flatMap((gate) => [
    { key: `gate:${gate.edgeId}`, name: gate.name, isGate: true, passes: gate.passes, denials: gate.denials, fevers: gate.fevers },
    ...gate.doors.map((door) => ({ key: `door:${door.doorId}`, name: door.lane === null ? door.name : `${door.name}（${i18n.t(`mon.lane.${door.lane}`)}）`, isGate: false, passes: door.passes, denials: door.denials, fevers: door.fevers })),
  ])
  return dataTable(i18n, {
    columns: [
      { label: 'mon.report.gate', cell: (row) => (row.isGate ? h('strong', {}, row.name) : `　${row.name}`) },
      { label: 'mon.report.passes', cell: (row) => String(row.passes), className: 'num' },
      { label: 'mon.report.denials', cell: (row) => String(row.denials), className: 'num' },
      { label: 'mon.report.fevers', cell: (row) => String(row.fevers), className: 'num' },
    ],
    rows,
    rowKey: (row) => row.key,
  })
}

function gridTable(i18n: I18n, report: DailyReport): HTMLElement {
  const rows: GridRow[] = report.grids.map((grid) => ({ ...grid, key: `grid:${grid.gridId ?? 'none'}`, isTotal: false }))
  if (rows.length > 1) {
    const sum = (pick: (row: GridRow) => number) => rows.reduce((total, row) => total + pick(row), 0)
    const total = { passes: sum((row) => row.passes), denials: sum((row) => row.denials), fevers: sum((row) => row.fevers), feverReports: sum((row) => row.feverReports), returnees: sum((row) => row.returnees), underObservation: sum((row) => row.underObservation) }
    rows.push({ ...total, gridId: null, name: null, key: 'grid:total', isTotal: true })
  }
  const number = (pick: (row: GridRow) => number) => (row: GridRow) => (row.isTotal ? h('strong', {}, String(pick(row))) : String(pick(row)))
  return dataTable(i18n, {
    columns: [
      { label: 'mon.report.grid', cell: (row) => (row.isTotal ? h('strong', {}, i18n.t('mon.report.total')) : (row.name ?? i18n.t('mon.report.noGrid'))) },
      { label: 'mon.report.passes', cell: number((row) => row.passes), className: 'num' },
      { label: 'mon.report.denials', cell: number((row) => row.denials), className: 'num' },
      { label: 'mon.report.fevers', cell: number((row) => row.fevers), className: 'num' },
      { label: 'mon.report.feverReports', cell: number((row) => row.feverReports), className: 'num' },
      { label: 'mon.report.returnees', cell: number((row) => row.returnees), className: 'num' },
      { label: 'mon.report.underObservation', cell: number((row) => row.underObservation), className: 'num' },
    ],
    rows,
    rowKey: (row) => row.key,
  })
}

async function siteName(context: ScreenContext): Promise<string | null> {
  try {
    return (await context.api.get<{ name: string }>('/api/site')).name
  } catch {
    return null
  }
}

/**
 * The daily report for the street office: per gate and door, entries, denials and fevers; per
 * grid, the entries and fevers of its people, fever reports, returnees registered and people
 * under home observation — for a chosen day, ready to print or to export as CSV.
 */
export async function dailyReportScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const date = hashQuery().get('date') ?? undefined
  await withLoading(context, 'daily-report', i18n.t('mon.report.title'), async () => {
    const [report, site] = await Promise.all([api.get<DailyReport>('/api/reports/daily', { date }), siteName(context)])
    const form = formView(i18n, {
      fields: [{ name: 'date', label: 'mon.report.date', kind: 'date', isRequired: true, value: report.date }],
      submitLabel: 'mon.report.show',
      onSubmit: async (values) => goTo(hashLink('/report', { date: String(values.date) }), () => void dailyReportScreen(context)),
    })
    const print = h('button', { type: 'button', class: 'primary', 'data-action': 'print' }, i18n.t('action.print'))
    print.addEventListener('click', () => window.print())
    const csv = h('a', { class: 'button', href: apiUrl('/api/reports/daily', { date: report.date, format: 'csv' }), download: '', 'data-action': 'export-csv' }, i18n.t('action.export'))
    const sheet = h(
      'article',
      { class: 'report-sheet', 'data-report-date': report.date },
      h('h2', {}, i18n.t('mon.report.heading', { site: site ?? '', date: report.date }).trim()),
      h('p', { class: 'report-meta' }, i18n.t('mon.report.meta', { threshold: formatCelsius(report.feverThresholdCelsius) })),
      h('section', { 'data-report-section': 'gates' }, h('h3', {}, i18n.t('mon.report.byGate')), gateTable(i18n, report)),
      h('section', { 'data-report-section': 'grids' }, h('h3', {}, i18n.t('mon.report.byGrid')), gridTable(i18n, report)),
    )
    return [h('div', { class: 'card filter-card no-print' }, form.element), h('div', { class: 'ledger-actions no-print' }, print, csv), sheet]
  })
}
