import t from 'tap'
import type { MetricFamily } from '../../../../protocol/metrics/metric-family.js'
import { MetricsRegistry } from '../../../../protocol/metrics/metrics-registry.js'
import {
  escapeHelpText,
  escapeLabelValue,
  formatSampleValue,
  PROMETHEUS_TEXT_CONTENT_TYPE,
  renderPrometheusText,
} from '../../../../protocol/metrics/render-prometheus-text.js'
import { isScrapeAuthorized, scrapeTokenSha256 } from '../../../../protocol/metrics/scrape-authorization.js'

/*
 * Golden text transcribed from the "Text format example" of prometheus.io/docs/instrumenting/
 * exposition_formats (format 0.0.4). We emit no timestamps and no comment lines of our own, so
 * the example's timestamps ("1395066363000"), free comments and blank lines are left out, and
 * its `1.458255915e9` is written as JavaScript writes that number (both parse to the same float).
 */
const SPEC_COUNTER = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027
http_requests_total{method="post",code="400"} 3
`

const SPEC_ESCAPING = String.raw`msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1458255915`

const SPEC_HISTOGRAM = `# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="0.2"} 100392
http_request_duration_seconds_bucket{le="0.5"} 129389
http_request_duration_seconds_bucket{le="1"} 133988
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
`

t.test('renders the specification example counter with labels, byte for byte', async (t) => {
  const family: MetricFamily = {
    name: 'http_requests_total',
    help: 'The total number of HTTP requests.',
    type: 'counter',
    samples: [
      { labels: { method: 'post', code: '200' }, value: 1027 },
      { labels: { method: 'post', code: '400' }, value: 3 },
    ],
  }
  t.equal(renderPrometheusText([family]), SPEC_COUNTER)
})

t.test('escapes backslash, double quote and line feed in label values as the specification example does', async (t) => {
  const family: MetricFamily = {
    name: 'msdos_file_access_time_seconds',
    help: 'x',
    type: 'gauge',
    samples: [{ labels: { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' }, value: 1.458255915e9 }],
  }
  const sampleLine = renderPrometheusText([family]).split('\n')[2]
  t.equal(sampleLine, SPEC_ESCAPING)
  t.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd')
})

t.test('renders the specification example histogram: cumulative buckets, +Inf equal to the count, sum and count', async (t) => {
  const family: MetricFamily = {
    name: 'http_request_duration_seconds',
    help: 'A histogram of the request duration.',
    type: 'histogram',
    samples: [
      {
        labels: {},
        buckets: [
          { le: 0.05, count: 24054 },
          { le: 0.1, count: 33444 },
          { le: 0.2, count: 100392 },
          { le: 0.5, count: 129389 },
          { le: 1, count: 133988 },
        ],
        sum: 53423,
        count: 144320,
      },
    ],
  }
  t.equal(renderPrometheusText([family]), SPEC_HISTOGRAM)
})

t.test('HELP text escapes backslash and line feed but keeps double quotes; special values are +Inf, -Inf and NaN', async (t) => {
  t.equal(escapeHelpText('a "b" \\ c\nd'), 'a "b" \\\\ c\\nd')
  t.equal(formatSampleValue(Infinity), '+Inf')
  t.equal(formatSampleValue(-Infinity), '-Inf')
  t.equal(formatSampleValue(NaN), 'NaN')
  t.equal(formatSampleValue(12.47), '12.47')
  t.equal(renderPrometheusText([]), '', 'nothing to say is an empty body')
  t.match(PROMETHEUS_TEXT_CONTENT_TYPE, /^text\/plain; version=0\.0\.4/)
})

t.test('a registry histogram counts each observation into its bucket and renders cumulative counts', async (t) => {
  const registry = new MetricsRegistry('test')
  const latency = registry.histogram({ name: 'door_latency_seconds', help: 'Latency.', labelNames: ['door'], buckets: [0.1, 0.5, 1] })
  for (const seconds of [0.05, 0.1, 0.3, 0.7, 4]) latency.observe({ door: 'gate' }, seconds)
  const text = renderPrometheusText(registry.collect())
  t.match(text, 'door_latency_seconds_bucket{door="gate",le="0.1"} 2\n')
  t.match(text, 'door_latency_seconds_bucket{door="gate",le="0.5"} 3\n')
  t.match(text, 'door_latency_seconds_bucket{door="gate",le="1"} 4\n')
  t.match(text, 'door_latency_seconds_bucket{door="gate",le="+Inf"} 5\n')
  t.match(text, 'door_latency_seconds_sum{door="gate"} 5.15\n')
  t.match(text, 'door_latency_seconds_count{door="gate"} 5\n')
})

t.test('a registry counter keeps one series per label set, in declared label order, and escapes values', async (t) => {
  const registry = new MetricsRegistry('test')
  const decisions = registry.counter({ name: 'decisions_total', help: 'Decisions.', labelNames: ['result', 'reason'] })
  decisions.inc({ reason: 'GRANTED', result: 'granted' })
  decisions.inc({ result: 'granted', reason: 'GRANTED' }, 2)
  decisions.inc({ result: 'denied', reason: 'say "no"' })
  t.equal(decisions.value({ result: 'granted', reason: 'GRANTED' }), 3)
  const text = renderPrometheusText(registry.collect())
  t.match(text, 'decisions_total{result="granted",reason="GRANTED"} 3\n')
  t.match(text, 'decisions_total{result="denied",reason="say \\"no\\""} 1\n')
  t.match(text, '# TYPE test_metrics_collect_failures_total counter\n', 'the registry reports its own collector failures')
})

t.test('the registry refuses bad names, wrong labels, falling counters and unordered buckets', async (t) => {
  const registry = new MetricsRegistry('test')
  t.throws(() => registry.counter({ name: 'bad-name', help: '' }), { code: 'METRIC_INVALID' })
  t.throws(() => registry.counter({ name: 'x_total', help: '', labelNames: ['__reserved'] }), { code: 'METRIC_INVALID' })
  const counter = registry.counter({ name: 'y_total', help: '', labelNames: ['door'] })
  t.throws(() => registry.counter({ name: 'y_total', help: '' }), { code: 'METRIC_INVALID' }, 'declared twice')
  t.throws(() => counter.inc({ gate: 'a' }), { code: 'METRIC_INVALID' })
  t.throws(() => counter.inc({ door: 'a' }, -1), { code: 'METRIC_INVALID' })
  t.throws(() => registry.histogram({ name: 'h', help: '', buckets: [1, 0.5] }), { code: 'METRIC_INVALID' })
  t.throws(() => registry.histogram({ name: 'h2', help: '', labelNames: ['le'], buckets: [1] }), { code: 'METRIC_INVALID' })
  counter.setTotal({ door: 'a' }, 5)
  counter.setTotal({ door: 'a' }, 3)
  t.equal(counter.value({ door: 'a' }), 5, 'a total counted elsewhere never makes the counter fall')
})

t.test('a collector that throws is counted and reported; the other metrics are still collected', async (t) => {
  const failures: string[] = []
  const registry = new MetricsRegistry('test', (name) => failures.push(name))
  const gauge = registry.gauge({ name: 'edges_online', help: 'Edges online.' })
  registry.addCollector('broken', () => {
    throw new Error('database gone')
  })
  registry.addCollector('edges', () => gauge.set({}, 3))
  const text = renderPrometheusText(registry.collect())
  t.same(failures, ['broken'])
  t.match(text, 'test_metrics_collect_failures_total{collector="broken"} 1\n')
  t.match(text, 'edges_online 3\n')
})

t.test('a scrape is authorized only by the bearer token whose SHA-256 is configured', async (t) => {
  const token = 'k3Jx0v2w9V-token-with-enough-entropy'
  const hash = scrapeTokenSha256(token)
  t.equal(isScrapeAuthorized(`Bearer ${token}`, hash), true)
  t.equal(isScrapeAuthorized(`Bearer ${token}x`, hash), false)
  t.equal(isScrapeAuthorized(`Basic ${token}`, hash), false)
  t.equal(isScrapeAuthorized(undefined, hash), false)
  t.equal(isScrapeAuthorized('Bearer ', scrapeTokenSha256('')), false, 'an empty token never passes')
  t.equal(isScrapeAuthorized(`Bearer ${token}`, 'not-hex'), false)
})
