import { h } from '../../shared/dom.js'
import { formView } from '../../shared/form-view.js'
import type { I18n } from '../../shared/i18n.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../management/shared/hash-query.js'
import { barChart } from './bar-chart.js'
import type { DaysReport, HourlyReport } from './ledger-types.js'
import { withLoading } from './monitoring-frame.js'

const SERIES_COLOURS = 6

function hourlyChart(i18n: I18n, report: HourlyReport): HTMLElement {
  return barChart(i18n, {
    title: i18n.t('mon.charts.hourly', { date: report.date }),
    categories: Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`),
    series: report.edges.map((edge, index) => ({ key: edge.edgeId, label: edge.name, colour: String(index % SERIES_COLOURS), values: edge.hours.map((hour) => hour.passes) })),
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
