/**
 * One metric with all its series, as a scrape sees it: the data the Prometheus text renderer
 * writes (render-prometheus-text.ts). Registries produce these; tests may write them by hand.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram'

/** Label name → value. Names follow LABEL_NAME; values are any UTF-8 text (escaped on output). */
export type MetricLabels = Readonly<Record<string, string>>

export interface ScalarSample {
  readonly labels: MetricLabels
  readonly value: number
}

export interface HistogramBucket {
  /** Upper bound, inclusive (the `le` label). The +Inf bucket is not listed: it is `count`. */
  readonly le: number
  /** Observations ≤ `le`: cumulative, so never fewer than the bucket before. */
  readonly count: number
}

export interface HistogramSample {
  readonly labels: MetricLabels
  /** In ascending `le` order. */
  readonly buckets: readonly HistogramBucket[]
  readonly sum: number
  readonly count: number
}

export type MetricFamily =
  | { readonly name: string; readonly help: string; readonly type: 'counter' | 'gauge'; readonly samples: readonly ScalarSample[] }
  | { readonly name: string; readonly help: string; readonly type: 'histogram'; readonly samples: readonly HistogramSample[] }

/** Prometheus data model: metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/

/** Label names `[a-zA-Z_][a-zA-Z0-9_]*`; a leading `__` is reserved for Prometheus itself. */
export const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/

/** Labels a histogram writes itself: a series may not carry them. */
export const RESERVED_HISTOGRAM_LABELS: readonly string[] = ['le']
