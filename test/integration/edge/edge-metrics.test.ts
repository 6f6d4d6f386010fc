/**
 * The edge's GET /metrics as gatehouse-edge wires it (wireEdgeMetrics): a real EdgeRuntime with
 * its SQLite journal, a simulated OSDP reader deciding real cards, and the metrics listener's app
 * answering scrapes with and without the bearer token.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { SqliteReplayCache } from '../../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { wireEdgeMetrics } from '../../../edge/src/assembly/edge-metrics-wiring.js'
import { EdgeRuntime } from '../../../edge/src/assembly/edge-runtime.js'
import { loadEdgeConfig } from '../../../edge/src/config/load-edge-config.js'
import { readerConfig } from '../../../firmware-sim/src/osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { scrapeTokenSha256 } from '../../../protocol/metrics/scrape-authorization.js'
import { InMemoryPolicyView } from '../../fakes/in-memory-policy-view.js'
import { communityEntities } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { SimulatedHardware } from '../../fakes/simulated-hardware.js'

const SCRAPE_TOKEN = 'edge-scrape-token-7Hq2mZ9xW4vR8tK1'

function config(metrics: Record<string, unknown>) {
  const loaded = loadEdgeConfig(
    JSON.stringify({
      edgeId: 'gate-1',
      hub: { url: 'mqtt://127.0.0.1:1', httpUrl: 'http://127.0.0.1:1', username: 'gate-1', passwordFile: '/dev/null', hubPublicKey: `${'A'.repeat(43)}=` },
      osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'east-in', address: 1, security: 'plain' }] }],
      doors: [{ id: 'east-gate', failMode: 'fail-secure', lock: { kind: 'osdp', reader: 'east-in', output: 0 }, pulseMs: 500, entries: [{ reader: 'east-in', direction: 'in', lane: 'residents' }] }],
      metrics,
    }),
  )
  if (!loaded.ok) throw new Error(loaded.violations.join('\n'))
  return loaded.value
}

async function edgeWithMetrics(t: Test) {
  const log = new SilentLogger()
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 1 }), systemClock)
  const hardware = new SimulatedHardware(systemClock, log, { 'bus-1': reader })
  const database = openEdgeDatabase({ path: join(t.testdir(), 'edge.db') })
  const journal = new SqliteJournal(database, systemClock, log)
  journal.start()
  const policy = InMemoryPolicyView.fromEntities(communityEntities(), { edgeId: 'gate-1', version: 3, issuedAtMs: Date.now() - 1000, receivedAtMs: Date.now() - 1000 })
  const edgeConfig = config({ enabled: true, port: 0, bearerTokenSha256: scrapeTokenSha256(SCRAPE_TOKEN) })
  let runtime: EdgeRuntime | undefined
  const wired = wireEdgeMetrics({ config: edgeConfig, journal, policy, runtime: () => runtime!, softwareVersion: '0.1.0', clock: systemClock, log })
  if (wired === null) throw new Error('metrics are enabled')
  runtime = new EdgeRuntime(edgeConfig, hardware, { journal: wired.journal, policy, passages: null, replayCache: new SqliteReplayCache(database) }, wired.observers)
  const journalled: (() => void)[] = []
  runtime.onJournalled = () => journalled.splice(0).forEach((wake) => wake())
  runtime.start()
  t.teardown(async () => {
    await wired.app.close()
    await runtime.stop()
    hardware.close()
    journal.stop()
    database.close()
  })
  /** Resolves once the journal holds `count` entries. */
  const journalCount = async (count: number) => {
    while (journal.backlog().count < count) await new Promise<void>((resolve) => journalled.push(resolve))
  }
  const scrape = (authorization?: string) => wired.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } })
  return { reader, runtime, journalCount, scrape, log }
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

t.test('the edge serves /metrics in text format 0.0.4 and counts real decisions, latencies, backlog and devices', async (t) => {
  const { reader, journalCount, scrape } = await edgeWithMetrics(t)
  const before = await scrape(`Bearer ${SCRAPE_TOKEN}`)
  t.equal(before.statusCode, 200)
  t.equal(before.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8')
  t.equal(sample(before.body, 'gatehouse_edge_decisions_total{door="east-gate",result="granted",reason="GRANTED"}'), undefined)

  const pulsed = new Promise((resolve) => reader.on('output', (change) => change.isActive && resolve(change)))
  reader.presentCard({ facility: 212, card: 7041 })
  await pulsed
  await journalCount(1)
  reader.presentCard({ facility: 1, card: 1 })
  await journalCount(2)

  const body = (await scrape(`Bearer ${SCRAPE_TOKEN}`)).body
  t.equal(sample(body, 'gatehouse_edge_decisions_total{door="east-gate",result="granted",reason="GRANTED"}'), 1, 'the resident card counted as granted')
  t.equal(sample(body, 'gatehouse_edge_decisions_total{door="east-gate",result="denied",reason="UNKNOWN_CREDENTIAL"}'), 1, 'the unknown card counted by its reason')
  t.equal(sample(body, 'gatehouse_edge_decision_latency_seconds_count{door="east-gate"}'), 2, 'both attempts timed from card to journal')
  t.equal(sample(body, 'gatehouse_edge_decision_latency_seconds_bucket{door="east-gate",le="+Inf"}'), 2)
  t.equal(sample(body, 'gatehouse_edge_card_to_relay_seconds_count{door="east-gate"}'), 1, 'only the grant moved the relay')
  t.ok((sample(body, 'gatehouse_edge_card_to_relay_seconds_sum{door="east-gate"}') ?? -1) >= 0)
  t.equal(sample(body, 'gatehouse_edge_journal_backlog'), 2, 'no hub: both entries wait in the journal')
  t.ok((sample(body, 'gatehouse_edge_journal_bytes') ?? 0) > 0)
  t.equal(sample(body, 'gatehouse_edge_journal_degraded'), 0)
  t.equal(sample(body, 'gatehouse_edge_device_up{device="east-in",kind="reader"}'), 1)
  t.equal(sample(body, 'gatehouse_edge_hub_connected'), 0)
  t.equal(sample(body, 'gatehouse_edge_policy_version'), 3)
  t.equal(sample(body, 'gatehouse_edge_info{edge="gate-1",version="0.1.0"}'), 1)
})

t.test('an edge scrape without the right bearer token is refused and counted', async (t) => {
  const { scrape, log } = await edgeWithMetrics(t)
  const missing = await scrape()
  t.equal(missing.statusCode, 401)
  t.equal(missing.headers['www-authenticate'], 'Bearer realm="gatehouse-metrics"')
  t.match(missing.json(), { error: { code: 'METRICS_AUTH_REQUIRED' } })
  t.equal((await scrape(`Bearer ${SCRAPE_TOKEN.slice(1)}`)).statusCode, 401)
  t.equal(sample((await scrape(`Bearer ${SCRAPE_TOKEN}`)).body, 'gatehouse_edge_metrics_scrape_refusals_total'), 2)
  t.equal(log.lines.filter((line) => line.message?.startsWith('metrics scrape refused')).length, 2)
})

t.test('edge metrics are off by default, and on only with a token hash', async (t) => {
  const off = config({})
  t.equal(off.metrics.enabled, false)
  t.equal(wireEdgeMetrics({ config: off, journal: null as never, policy: { meta: () => null }, runtime: () => null as never, softwareVersion: '0.1.0', clock: systemClock, log: new SilentLogger() }), null)
  t.throws(() => config({ enabled: true }), /\/metrics\/bearerTokenSha256: required when metrics are enabled/)
})
