/**
 * GET /metrics on the wired hub (HubRuntime, real SQLite, embedded aedes broker and HTTP on
 * loopback port 0): the content type of the text format 0.0.4, counters that move after a real
 * edge publishes over MQTT, and the bearer-token refusals.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { edgeClientId } from '../../../edge/src/adapters/mqtt/edge-client-id.js'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import type { EdgeMessageOutcome } from '../../../hub/src/ports/edge-message-sink.js'
import { scrapeTokenSha256 } from '../../../protocol/metrics/scrape-authorization.js'
import { MESSAGE_EXAMPLES } from '../../../protocol/mqtt/message-examples.js'
import { accessEventTopic, edgeStatusTopic } from '../../../protocol/mqtt/topics.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { enrollEdgeThroughApi, TEST_ADMIN } from './enrolled-edge.js'
import { HubApiClient } from './hub-api-client.js'

const SCRAPE_TOKEN = 'pQ7vX2mK9wR4tY6uI8oP1aS3dF5gH7jK-scrape'
const EDGE_ID = 'gate-north'

async function startHub(t: Test, metrics: Record<string, unknown>): Promise<{ runtime: HubRuntime; httpUrl: string; mqttUrl: string; log: SilentLogger }> {
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(t.testdir(), 'data'), http: { port: 0 }, mqtt: { port: 0 }, metrics }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const log = new SilentLogger()
  const runtime = new HubRuntime({ config: loaded.value, clock: new ManualClock(Date.UTC(2026, 2, 2, 8, 15)), log })
  t.teardown(() => runtime.stop())
  const addresses = await runtime.start()
  return { runtime, ...addresses, log }
}

function scrape(runtime: HubRuntime, authorization?: string) {
  return runtime.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } })
}

/** The value of one sample line, e.g. `gatehouse_hub_edge_online{edge="gate-north"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

function handled(runtime: HubRuntime, count: number): Promise<EdgeMessageOutcome[]> {
  const outcomes: EdgeMessageOutcome[] = []
  return new Promise((resolve) => {
    const stop = runtime.ingest.onHandled((_edgeId, _topic, _payload, outcome) => {
      outcomes.push(outcome)
      if (outcomes.length === count) {
        stop()
        resolve(outcomes)
      }
    })
  })
}

t.test('the hub serves /metrics in text format 0.0.4 and its counters move after a real edge publishes', async (t) => {
  const { runtime, httpUrl, mqttUrl } = await startHub(t, { enabled: true, bearerTokenSha256: scrapeTokenSha256(SCRAPE_TOKEN) })
  const { admin, password } = await enrollEdgeThroughApi(runtime, httpUrl, EDGE_ID)
  const wrongSignIn = await new HubApiClient(httpUrl).request('POST', '/api/session', { username: TEST_ADMIN.username, password: 'not the password at all' })
  t.equal(wrongSignIn.status, 401)

  const before = await scrape(runtime, `Bearer ${SCRAPE_TOKEN}`)
  t.equal(before.statusCode, 200)
  t.equal(before.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8')
  t.equal(sample(before.body, 'gatehouse_hub_edge_messages_total{kind="event",outcome="stored"}'), undefined, 'no event yet')
  t.equal(sample(before.body, 'gatehouse_hub_sign_in_failures_total{code="INVALID_CREDENTIALS"}'), 1)
  t.equal(sample(before.body, 'gatehouse_hub_broker_connected_clients'), 0)

  const edge = await mqtt.connectAsync(mqttUrl, { protocolVersion: 4, clientId: edgeClientId(EDGE_ID), username: EDGE_ID, password, reconnectPeriod: 0 })
  t.teardown(() => edge.endAsync())
  const done = handled(runtime, 4)
  await edge.publishAsync(edgeStatusTopic('gatehouse', EDGE_ID), JSON.stringify({ ...MESSAGE_EXAMPLES.status, journalBacklog: 3 }), { qos: 1, retain: true })
  await edge.publishAsync(accessEventTopic('gatehouse', EDGE_ID), JSON.stringify(MESSAGE_EXAMPLES.event), { qos: 1 })
  await edge.publishAsync(accessEventTopic('gatehouse', EDGE_ID), JSON.stringify(MESSAGE_EXAMPLES.event), { qos: 1 })
  await edge.publishAsync(accessEventTopic('gatehouse', EDGE_ID), JSON.stringify({ ...MESSAGE_EXAMPLES.event, decision: 'not a decision' }), { qos: 1 })
  t.same((await done).map((outcome) => outcome.status), ['stored', 'stored', 'duplicate', 'rejected'])
  const doorRequest = await admin.request('POST', '/api/doors/no-such-door/open', { action: 'UNLOCK' })
  t.equal(doorRequest.status, 404)

  const after = (await scrape(runtime, `Bearer ${SCRAPE_TOKEN}`)).body
  t.equal(sample(after, 'gatehouse_hub_edge_messages_total{kind="event",outcome="stored"}'), 1)
  t.equal(sample(after, 'gatehouse_hub_edge_messages_total{kind="event",outcome="duplicate"}'), 1)
  t.equal(sample(after, 'gatehouse_hub_edge_messages_total{kind="event",outcome="rejected"}'), 1)
  t.equal(sample(after, 'gatehouse_hub_edge_messages_total{kind="status",outcome="stored"}'), 1)
  t.equal(sample(after, 'gatehouse_hub_edge_message_refusals_total{code="INVALID"}'), 1, 'the refusal counted by its code')
  t.equal(sample(after, `gatehouse_hub_access_events_total{edge="${EDGE_ID}",result="denied",reason="FEVER"}`), 1, 'the stored event counted once, by result and reason')
  t.equal(sample(after, `gatehouse_hub_edge_online{edge="${EDGE_ID}"}`), 1)
  t.equal(sample(after, `gatehouse_hub_edge_journal_backlog{edge="${EDGE_ID}"}`), 3)
  t.equal(sample(after, 'gatehouse_hub_remote_opens_total{outcome="DOOR_NOT_FOUND"}'), 1, 'the remote open counted by its outcome')
  t.equal(sample(after, 'gatehouse_hub_broker_connected_clients'), 1)
  t.equal(sample(after, 'gatehouse_hub_broker_connected'), 1)
  t.equal(sample(after, 'gatehouse_hub_http_requests_total{method="POST",route="/api/session",status="401"}'), 1)
  t.equal(sample(after, 'gatehouse_hub_http_requests_total{method="GET",route="/metrics",status="200"}'), 1, 'the first scrape was counted')
  t.ok((sample(after, 'gatehouse_hub_http_request_duration_seconds_count{method="POST",route="/api/enrollment"}') ?? 0) >= 1)
  t.match(after, /^# TYPE gatehouse_hub_open_alerts gauge$/m)
  t.match(after, /^gatehouse_hub_open_alerts\{kind="FEVER"\} 1$/m, 'the fever event opened a FEVER alert')
})

t.test('a scrape without the right bearer token is refused, counted and logged, and serves nothing', async (t) => {
  const { runtime, log } = await startHub(t, { enabled: true, bearerTokenSha256: scrapeTokenSha256(SCRAPE_TOKEN) })
  const missing = await scrape(runtime)
  t.equal(missing.statusCode, 401)
  t.equal(missing.headers['www-authenticate'], 'Bearer realm="gatehouse-metrics"')
  t.match(missing.json(), { error: { code: 'METRICS_AUTH_REQUIRED' } })
  t.notMatch(missing.body, 'gatehouse_hub_')
  const wrong = await scrape(runtime, `Bearer ${SCRAPE_TOKEN}-guess`)
  t.equal(wrong.statusCode, 401)
  const body = (await scrape(runtime, `bearer ${SCRAPE_TOKEN}`)).body
  t.equal(sample(body, 'gatehouse_hub_metrics_scrape_refusals_total'), 2)
  t.equal(log.lines.filter((line) => line.message?.startsWith('metrics scrape refused')).length, 2)
  t.notOk(JSON.stringify(log.lines).includes(SCRAPE_TOKEN), 'the token never reaches the log')
})

t.test('with metrics off (the default) /metrics does not exist, and enabling them without a token hash is a config error', async (t) => {
  const { runtime } = await startHub(t, {})
  t.equal((await scrape(runtime, `Bearer ${SCRAPE_TOKEN}`)).statusCode, 404)
  t.equal(runtime.metrics, null)
  const loaded = loadHubConfig(JSON.stringify({ metrics: { enabled: true } }))
  t.match(loaded, { ok: false, violations: ['/metrics/bearerTokenSha256: required when metrics are enabled (docs/metrics.md)'] })
  t.match(loadHubConfig(JSON.stringify({ metrics: { enabled: true, bearerTokenSha256: 'ABC' } })), { ok: false })
})
