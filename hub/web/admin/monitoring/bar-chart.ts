import { h } from '../../shared/dom.js'
import type { I18n } from '../../shared/i18n.js'
import { svg } from './svg-element.js'

export interface BarSeries {
  /** Stable name for tests and colours (`data-series`, class `series-<key>` unless `colour` is given). */
  readonly key: string
  /** Shown in the legend and the table (already in the reader's language). */
  readonly label: string
  readonly values: readonly number[]
  /** Colour class suffix, e.g. `0` … `5`, `denials`, `fevers`. */
  readonly colour: string
}

export interface BarChartSpec {
  /** The chart's name: its heading's text, the image's accessible name. */
  readonly title: string
  /** Labels under the bars (one per category). */
  readonly categories: readonly string[]
  readonly series: readonly BarSeries[]
  /** Stacked (parts of a whole: gates of one hour) or side by side (different measures of one day). */
  readonly isStacked: boolean
  /** Show every n-th category label (24 hours do not fit under a phone-wide chart). */
  readonly labelEvery?: number
  /** Text key of the first column of the numbers table. */
  readonly categoryHeading: string
}

const WIDTH = 720
const HEIGHT = 260
const MARGIN = { top: 12, right: 8, bottom: 28, left: 40 }

/** A round top for the axis: 1, 2, 5 × 10ⁿ. */
function niceMax(value: number): number {
  if (value <= 4) return 4
  const power = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10
  return step * power
}

function plotBars(spec: BarChartSpec, top: number): SVGElement[] {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const slot = plotWidth / Math.max(1, spec.categories.length)
  const barWidth = spec.isStacked ? slot * 0.7 : (slot * 0.8) / Math.max(1, spec.series.length)
  const scale = (value: number) => (value / top) * plotHeight
  const bars: SVGElement[] = []
  spec.categories.forEach((category, index) => {
    let stackedHeight = 0
    spec.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? 0
      if (value === 0) return
      const height = scale(value)
      const x = MARGIN.left + index * slot + (spec.isStacked ? slot * 0.15 : slot * 0.1 + seriesIndex * barWidth)
      const y = MARGIN.top + plotHeight - height - (spec.isStacked ? stackedHeight : 0)
      if (spec.isStacked) stackedHeight += height
      const attrs = { x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: height.toFixed(1), class: `bar series-${series.colour}`, 'data-series': series.key, 'data-category': category, 'data-value': value }
      bars.push(svg('rect', attrs, svg('title', {}, `${category} · ${series.label}: ${value}`)))
    })
  })
  return bars
}

function axes(spec: BarChartSpec, top: number): SVGElement[] {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const slot = plotWidth / Math.max(1, spec.categories.length)
  const every = spec.labelEvery ?? 1
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const y = MARGIN.top + plotHeight - share * plotHeight
    return svg('g', { class: 'axis' }, svg('line', { class: 'grid-line', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y, y2: y }), svg('text', { x: MARGIN.left - 6, y: y + 4, 'text-anchor': 'end' }, String(Math.round(share * top))))
  })
  const labels = spec.categories.map((category, index) =>
    index % every === 0 ? svg('text', { class: 'label', x: MARGIN.left + index * slot + slot / 2, y: HEIGHT - 8, 'text-anchor': 'middle' }, category) : null,
  )
  return [...ticks, svg('g', { class: 'axis' }, labels)]
}

/** The same figures as a table, behind "show the numbers", for those who would rather read. */
function numbersTable(i18n: I18n, spec: BarChartSpec): HTMLElement {
  return h(
    'details',
    { class: 'chart-numbers' },
    h('summary', {}, i18n.t('mon.chart.numbers')),
    h(
      'table',
      { class: 'data' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, i18n.t(spec.categoryHeading)), spec.series.map((series) => h('th', { scope: 'col', class: 'num' }, series.label)))),
      h(
        'tbody',
        {},
        spec.categories.map((category, index) =>
          h('tr', { 'data-row': category }, h('td', {}, category), spec.series.map((series) => h('td', { class: 'num', 'data-label': series.label }, String(series.values[index] ?? 0)))),
        ),
      ),
    ),
  )
}

/**
 * A bar chart drawn as inline SVG (no chart library, nothing fetched): stacked or side by side,
 * each bar titled with its figure, a legend in words, and the numbers as a table on request.
 */
export function barChart(i18n: I18n, spec: BarChartSpec): HTMLElement {
  const totals = spec.categories.map((_, index) =>
    spec.isStacked ? spec.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0) : Math.max(0, ...spec.series.map((series) => series.values[index] ?? 0)),
  )
  const top = niceMax(Math.max(0, ...totals))
  const image = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': spec.title }, svg('title', {}, spec.title), ...axes(spec, top), ...plotBars(spec, top))
  const legend = h('ul', { class: 'chart-legend' }, spec.series.map((series) => h('li', { 'data-series': series.key }, h('span', { class: `swatch series-${series.colour}`, 'aria-hidden': 'true' }), series.label)))
  return h('figure', { class: 'card chart-card', 'data-chart': '' }, h('figcaption', {}, h('h2', {}, spec.title)), image, legend, numbersTable(i18n, spec))
}
