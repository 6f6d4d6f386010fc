import { h } from '../../shared/dom.js'
import { formView } from '../../shared/form-view.js'
import type { I18n } from '../../shared/i18n.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../management/shared/hash-query.js'
import { barChart, type BarSeries } from './bar-chart.js'
import type { DaysReport, HourlyReport } from './ledger-types.js'
import { withLoading } from './monitoring-frame.js'

/** Colours a reader tells apart at a glance; the busiest gates get one each, the rest share "others". */
const NAMED_SERIES = 5

/** The busiest gates of the day on their own, the quieter ones summed as "others" (grey). */
function gateSeries(i18n: I18n, report: HourlyReport): BarSeries[] {
  const withTraffic = report.edges
    .map((edge) => ({ key: edge.edgeId, label: edge.name, values: edge.hours.map((hour) => hour.passes) }))
    .map((series) => ({ ...series, total: series.values.reduce((sum, value) => sum + value, 0) }))
    .filter((series) => series.total > 0)
    .sort((a, b) => b.total - a.total)
  const named = withTraffic.slice(0, withTraffic.length > NAMED_SERIES + 1 ? NAMED_SERIES : NAMED_SERIES + 1)
  const rest = withTraffic.slice(named.length)
  const series: BarSeries[] = named.map((entry, index) => ({ key: entry.key, label: entry.label, values: entry.values, colour: String(index) }))
  if (rest.length > 0) {
    const values = Array.from({ length: 24 }, (_, hour) => rest.reduce((sum, entry) => sum + (entry.values[hour] ?? 0), 0))
    series.push({ key: 'others', label: i18n.t('mon.charts.others', { count: rest.length }), values, colour: 'others' })
  }
  return series
}

function hourlyChart(i18n: I18n, report: HourlyReport): HTMLElement {
  return barChart(i18n, {
    title: i18n.t('mon.charts.hourly', { date: report.date }),
    categories: Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`),
    series: gateSeries(i18n, report),
    isStacked: true,
    labelEvery: 3,
    categoryHeading: 'mon.charts.hour',
  })
}

function daysChart(i18n: I18n, report: DaysReport): HTMLElement {
  return barChart(i18n, {
    title: i18n.t('mon.charts.days', { from: report.from, to: report.to }),
    categories: report.days.map((day) => day.date.slice(5)),
    series: [
      { key: 'denials', label: i18n.t('mon.charts.denials'), colour: 'denials', values: report.days.map((day) => day.denials) },
      { key: 'fevers', label: i18n.t('mon.charts.fevers'), colour: 'fevers', values: report.days.map((day) => day.fevers) },
    ],
    isStacked: false,
    labelEvery: 2,
    categoryHeading: 'mon.charts.date',
  })
}

/**
 * Where people would rather look than read: entries per hour per gate on one day (today by
 * default), and denials and fevers per day over the 14 days up to it. The numbers are one tap away.
 */
export async function chartsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const date = hashQuery().get('date') ?? undefined
  await withLoading(context, 'charts', i18n.t('mon.charts.title'), async () => {
    const [hourly, days] = await Promise.all([api.get<HourlyReport>('/api/reports/hourly', { date }), api.get<DaysReport>('/api/reports/days', { to: date, days: 14 })])
    const form = formView(i18n, {
      fields: [{ name: 'date', label: 'mon.charts.day', kind: 'date', isRequired: true, value: hourly.date }],
      submitLabel: 'mon.charts.show',
      onSubmit: async (values) => goTo(hashLink('/charts', { date: String(values.date) }), () => void chartsScreen(context)),
    })
    return [h('div', { class: 'card filter-card' }, form.element), hourlyChart(i18n, hourly), daysChart(i18n, days)]
  })
}
