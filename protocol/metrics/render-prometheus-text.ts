import type { HistogramSample, MetricFamily, MetricLabels } from './metric-family.js'

/**
 * The Prometheus text exposition format, version 0.0.4 (prometheus.io, "Exposition formats"):
 * UTF-8, `\n` line ends, the last line ends with `\n`; per metric at most one `# HELP` and one
 * `# TYPE` line, before its samples, and all its samples together.
 */
export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** Label values escape backslash, double quote and line feed as `\\`, `\"` and `\n`. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

/** HELP text escapes backslash and line feed only (a double quote stays as it is). */
export function escapeHelpText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

/** Sample values are Go ParseFloat numbers; the infinities and NaN are spelled `+Inf`, `-Inf`, `NaN`. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

function labelSet(labels: MetricLabels, extra?: readonly [string, string]): string {
  const pairs = Object.entries(labels)
  if (extra !== undefined) pairs.push([extra[0], extra[1]])
  if (pairs.length === 0) return ''
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`
}

function histogramLines(name: string, sample: HistogramSample): string[] {
  const lines = sample.buckets.map((bucket) => `${name}_bucket${labelSet(sample.labels, ['le', formatSampleValue(bucket.le)])} ${formatSampleValue(bucket.count)}`)
  lines.push(`${name}_bucket${labelSet(sample.labels, ['le', '+Inf'])} ${formatSampleValue(sample.count)}`)
  lines.push(`${name}_sum${labelSet(sample.labels)} ${formatSampleValue(sample.sum)}`)
  lines.push(`${name}_count${labelSet(sample.labels)} ${formatSampleValue(sample.count)}`)
  return lines
}

/** The families as one scrape body. A family without samples still gets its HELP and TYPE lines. */
export function renderPrometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = []
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelpText(family.help)}`, `# TYPE ${family.name} ${family.type}`)
    if (family.type === 'histogram') {
      for (const sample of family.samples) lines.push(...histogramLines(family.name, sample))
    } else {
      for (const sample of family.samples) lines.push(`${family.name}${labelSet(sample.labels)} ${formatSampleValue(sample.value)}`)
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
