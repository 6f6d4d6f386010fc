import { LABEL_NAME, METRIC_NAME, RESERVED_HISTOGRAM_LABELS, type HistogramSample, type MetricFamily, type MetricLabels, type ScalarSample } from './metric-family.js'
import { renderPrometheusText } from './render-prometheus-text.js'

export interface MetricSpec {
  /** Prometheus name; counters end in `_total`, units are base units (`_seconds`, `_bytes`). */
  readonly name: string
  readonly help: string
  /** Every series gives exactly these labels. None when omitted. */
  readonly labelNames?: readonly string[]
}

export interface HistogramSpec extends MetricSpec {
  /** Upper bounds, strictly ascending and finite; the +Inf bucket is implied. */
  readonly buckets: readonly number[]
}

/** Latencies of a request or a door decision, seconds: 5 ms to 10 s. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export interface MetricsRegistryError extends Error {
  readonly code: 'METRIC_INVALID'
}

function invalid(message: string): MetricsRegistryError {
  return Object.assign(new Error(message), { code: 'METRIC_INVALID' as const })
}

/** Series of one metric by label values, in the order the names were declared. */
class SeriesTable<T> {
  readonly #metric: string
  readonly #labelNames: readonly string[]
  readonly #series = new Map<string, { readonly labels: MetricLabels; value: T }>()

  constructor(metric: string, labelNames: readonly string[]) {
    this.#metric = metric
    this.#labelNames = labelNames
  }

  /** The series of `labels`, made with `create` on first use. Throws METRIC_INVALID on other label names. */
  entry(labels: MetricLabels, create: () => T): { readonly labels: MetricLabels; value: T } {
    const names = Object.keys(labels)
    if (names.length !== this.#labelNames.length || !this.#labelNames.every((name) => typeof labels[name] === 'string')) {
      throw invalid(`${this.#metric} takes the labels [${this.#labelNames.join(', ')}], not [${names.join(', ')}]`)
    }
    const values = this.#labelNames.map((name) => labels[name]!)
    const key = JSON.stringify(values)
    let entry = this.#series.get(key)
    if (entry === undefined) {
      const ordered: Record<string, string> = {}
      this.#labelNames.forEach((name, index) => (ordered[name] = values[index]!))
      entry = { labels: ordered, value: create() }
      this.#series.set(key, entry)
    }
    return entry
  }

  peek(labels: MetricLabels): T | undefined {
    return this.#series.get(JSON.stringify(this.#labelNames.map((name) => labels[name] ?? '')))?.value
  }

  clear(): void {
    this.#series.clear()
  }

  all(): { readonly labels: MetricLabels; readonly value: T }[] {
    return [...this.#series.values()]
  }
}

/** Only goes up (until the process restarts, which Prometheus recognises as a reset). */
export class CounterMetric {
  readonly #table: SeriesTable<number>

  constructor(name: string, labelNames: readonly string[]) {
    this.#table = new SeriesTable(name, labelNames)
  }

  inc(labels: MetricLabels = {}, by = 1): void {
    if (!Number.isFinite(by) || by < 0) throw invalid(`a counter goes up by a finite amount ≥ 0, not ${by}`)
    this.#table.entry(labels, () => 0).value += by
  }

  /** Sets a series to a total counted elsewhere (a service's own counts); never lower than before. */
  setTotal(labels: MetricLabels, total: number): void {
    const entry = this.#table.entry(labels, () => 0)
    if (Number.isFinite(total) && total > entry.value) entry.value = total
  }

  value(labels: MetricLabels = {}): number {
    return this.#table.peek(labels) ?? 0
  }

  samples(): ScalarSample[] {
    return this.#table.all().map(({ labels, value }) => ({ labels, value }))
  }
}

/** Goes up and down; scrape-time gauges are cleared and set again by their collector. */
export class GaugeMetric {
  readonly #table: SeriesTable<number>

  constructor(name: string, labelNames: readonly string[]) {
    this.#table = new SeriesTable(name, labelNames)
  }

  set(labels: MetricLabels, value: number): void {
    this.#table.entry(labels, () => 0).value = value
  }

  /** Forgets every series: what is not set again before the scrape is gone (an edge removed). */
  clear(): void {
    this.#table.clear()
  }

  value(labels: MetricLabels = {}): number | undefined {
    return this.#table.peek(labels)
  }

  samples(): ScalarSample[] {
    return this.#table.all().map(({ labels, value }) => ({ labels, value }))
  }
}

interface HistogramState {
  readonly counts: number[]
  sum: number
  count: number
}

/** Observations counted into fixed buckets, with their sum and count. */
export class HistogramMetric {
  readonly #buckets: readonly number[]
  readonly #table: SeriesTable<HistogramState>

  constructor(name: string, labelNames: readonly string[], buckets: readonly number[]) {
    this.#buckets = buckets
    this.#table = new SeriesTable(name, labelNames)
  }

  observe(labels: MetricLabels, value: number): void {
    if (Number.isNaN(value)) throw invalid('a histogram observes numbers, not NaN')
    const state = this.#table.entry(labels, () => ({ counts: this.#buckets.map(() => 0), sum: 0, count: 0 })).value
    const index = this.#buckets.findIndex((bound) => value <= bound)
    if (index >= 0) state.counts[index]! += 1
    state.sum += value
    state.count += 1
  }

  count(labels: MetricLabels = {}): number {
    return this.#table.peek(labels)?.count ?? 0
  }

  samples(): HistogramSample[] {
    return this.#table.all().map(({ labels, value }) => {
      let cumulative = 0
      const buckets = this.#buckets.map((le, index) => ({ le, count: (cumulative += value.counts[index]!) }))
      return { labels, buckets, sum: value.sum, count: value.count }
    })
  }
}

type Registered =
  | { readonly spec: MetricSpec; readonly type: 'counter'; readonly metric: CounterMetric }
  | { readonly spec: MetricSpec; readonly type: 'gauge'; readonly metric: GaugeMetric }
  | { readonly spec: MetricSpec; readonly type: 'histogram'; readonly metric: HistogramMetric }

/** Told when a collector throws; the scrape goes on without what it would have set. */
export type CollectFailureListener = (collector: string, error: unknown) => void

/**
 * The metrics of one process. Instruments are declared once with their labels; `collect`
 * runs every collector (scrape-time readings: backlogs, gauges per edge) and returns the
 * families in the order they were declared. Pure: no clock, no I/O; a collector that throws is
 * counted in `<prefix>_metrics_collect_failures_total` and reported to `onCollectFailed`; a
 * scrape refused by the endpoint in `<prefix>_metrics_scrape_refusals_total`.
 */
export class MetricsRegistry {
  readonly #metrics = new Map<string, Registered>()
  readonly #collectors: { readonly name: string; readonly refresh: () => void }[] = []
  readonly #collectFailures: CounterMetric
  readonly #scrapeRefusals: CounterMetric
  readonly #onCollectFailed: CollectFailureListener

  constructor(prefix: string, onCollectFailed: CollectFailureListener = () => {}) {
    this.#onCollectFailed = onCollectFailed
    this.#collectFailures = this.counter({
      name: `${prefix}_metrics_collect_failures_total`,
      help: 'Scrape-time readings that failed, by collector (the rest of the scrape was served).',
      labelNames: ['collector'],
    })
    this.#scrapeRefusals = this.counter({ name: `${prefix}_metrics_scrape_refusals_total`, help: 'Scrapes of /metrics refused for a missing or wrong bearer token.' })
  }

  /** The scrape body: every family, text format 0.0.4. */
  render(): string {
    return renderPrometheusText(this.collect())
  }

  countScrapeRefusal(): void {
    this.#scrapeRefusals.inc()
  }

  counter(spec: MetricSpec): CounterMetric {
    const metric = new CounterMetric(spec.name, this.#checked(spec))
    this.#metrics.set(spec.name, { spec, type: 'counter', metric })
    return metric
  }

  gauge(spec: MetricSpec): GaugeMetric {
    const metric = new GaugeMetric(spec.name, this.#checked(spec))
    this.#metrics.set(spec.name, { spec, type: 'gauge', metric })
    return metric
  }

  histogram(spec: HistogramSpec): HistogramMetric {
    const labelNames = this.#checked(spec)
    if (labelNames.some((name) => RESERVED_HISTOGRAM_LABELS.includes(name))) throw invalid(`${spec.name}: a histogram sets "le" itself`)
    const isAscending = spec.buckets.every((bound, index) => Number.isFinite(bound) && (index === 0 || bound > spec.buckets[index - 1]!))
    if (spec.buckets.length === 0 || !isAscending) throw invalid(`${spec.name}: buckets must be finite and strictly ascending`)
    const metric = new HistogramMetric(spec.name, labelNames, spec.buckets)
    this.#metrics.set(spec.name, { spec, type: 'histogram', metric })
    return metric
  }

  /** `refresh` runs at the start of every collect, to set scrape-time gauges and totals. */
  addCollector(name: string, refresh: () => void): void {
    this.#collectors.push({ name, refresh })
  }

  collect(): MetricFamily[] {
    for (const collector of this.#collectors) {
      try {
        collector.refresh()
      } catch (error) {
        this.#collectFailures.inc({ collector: collector.name })
        this.#onCollectFailed(collector.name, error)
      }
    }
    return [...this.#metrics.values()].map((registered): MetricFamily => {
      const { name, help } = registered.spec
      if (registered.type === 'histogram') return { name, help, type: 'histogram', samples: registered.metric.samples() }
      return { name, help, type: registered.type, samples: registered.metric.samples() }
    })
  }

  #checked(spec: MetricSpec): readonly string[] {
    if (!METRIC_NAME.test(spec.name)) throw invalid(`not a Prometheus metric name: ${JSON.stringify(spec.name)}`)
    if (this.#metrics.has(spec.name)) throw invalid(`${spec.name} is declared twice`)
    const labelNames = spec.labelNames ?? []
    const bad = labelNames.find((name) => !LABEL_NAME.test(name))
    if (bad !== undefined) throw invalid(`${spec.name}: not a label name: ${JSON.stringify(bad)}`)
    if (new Set(labelNames).size !== labelNames.length) throw invalid(`${spec.name}: a label is named twice`)
    return labelNames
  }
}
