import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import mqtt from 'mqtt'
import { createLogger } from '../edge/src/adapters/create-logger.js'
import { DEFAULT_MQTT_HUB_LINK_TIMING, MqttHubLink } from '../edge/src/adapters/mqtt/mqtt-hub-link.js'
import { openEdgeDatabase } from '../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../edge/src/adapters/sqlite/sqlite-journal.js'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import { EdgeStatusComposer } from '../edge/src/services/edge-status-composer.js'
import { JournalPublisher } from '../edge/src/services/journal-publisher.js'
import { EmbeddedBroker } from '../hub/src/adapters/broker/embedded-broker.js'
import { SqliteAlertStore } from '../hub/src/adapters/sqlite/ledger/sqlite-alert-store.js'
import { SqliteEdgeStatusStore } from '../hub/src/adapters/sqlite/ledger/sqlite-edge-status-store.js'
import { SqliteLedgerStore } from '../hub/src/adapters/sqlite/ledger/sqlite-ledger-store.js'
import { openHubDatabase } from '../hub/src/adapters/sqlite/open-hub-database.js'
import type { Logger } from '../hub/src/ports/logger.js'
import { AlertService } from '../hub/src/services/alert-service.js'
import type { EdgeMessageSink } from '../hub/src/ports/edge-message-sink.js'
import { EdgeMessageDispatcher } from '../hub/src/services/edge-message-dispatcher.js'
import { LiveFeed } from '../hub/src/services/live-feed.js'
import { hubPhoneOpenBenchmarks } from './hub-phone-open-benchmark.js'
import { plainAedes, type RunningBroker } from './plain-aedes.js'

const BASE = 'gatehouse'
const EDGE = 'bench-edge'
const PASSWORD = 'bench-edge-secret-0f3c'

type Ingest = 'per-message commit' | 'group commit'

/**
 * Hub ingest and remote open (issue 4 §8):
 * - `hub.ingest.events_per_s`: an edge's SqliteJournal full of events drained by its
 *   JournalPublisher (QoS 1, 64 in flight) over MQTT to the hub's EmbeddedBroker, whose publish
 *   hook runs the EdgeMessageDispatcher (validate, store once in SQLite with synchronous=FULL)
 *   before the PUBACK, the messages of one event-loop turn in one commit (`acceptBatched`, as
 *   the hub wires it); the clock stops when the edge has marked every entry published.
 *   `..._per_message_commit`: the same with one commit (one fsync) per message.
 * - `hub.ingest.ratio_vs_bare_aedes`: that rate over a bare aedes QoS 1 publisher → subscriber
 *   rate, same payloads, same run.
 * - `hub.phone_open.*`: see hub-phone-open-benchmark.ts.
 */
export async function hubIngestBenchmarks(isQuick: boolean): Promise<Record<string, number>> {
  const events = isQuick ? 1_500 : 8_000
  const log = createLogger('silent')
  const bare = await bareAedesRate(events)
  const perMessage = await ingestRate(events, 'per-message commit', log)
  const grouped = await ingestRate(events, 'group commit', log)
  const phoneOpen = await hubPhoneOpenBenchmarks(isQuick)
  return {
    'hub.ingest.events_per_s': Math.round(grouped),
    'hub.ingest.events_per_s_per_message_commit': Math.round(perMessage),
    'hub.ingest.bare_aedes_msgs_per_s': Math.round(bare),
    'hub.ingest.ratio_vs_bare_aedes': Math.round((grouped / bare) * 1000) / 1000,
    ...phoneOpen,
  }
}

function eventMessage(index: number) {
  return {
    v: 1 as const,
    id: randomUUID(),
    edgeId: EDGE,
    occurredAt: new Date(Date.UTC(2026, 2, 2, 2) + index * 1_000).toISOString(),
    doorId: 'north-gate-in',
    direction: 'in' as const,
    lane: 'residents' as const,
    credential: { kind: 'card' as const, maskedReference: '****4821' },
    personId: `p-${index % 5_000}`,
    decision: { granted: true as const, reason: 'GRANTED' as const },
    temperature: { celsius: 36.4, isFever: false, remeasured: false },
    policyVersion: 42,
  }
}

async function ingestRate(events: number, ingest: Ingest, log: Logger): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-hub-ingest-'))
  const hub = openHubDatabase({ path: join(dir, 'hub.db') })
  const ledger = new SqliteLedgerStore(hub.connection)
  const dispatcher = new EdgeMessageDispatcher({
    baseTopic: BASE,
    ledger,
    statuses: new SqliteEdgeStatusStore(hub.connection),
    alerts: new AlertService(new SqliteAlertStore(hub.connection), ledger),
    commandReplies: { recordReply: () => 'unknown', replyCommitted: () => {} },
    onPolicyApplied: () => {},
    liveFeed: new LiveFeed(),
    clock: systemClock,
    log,
  })
  const sink: EdgeMessageSink = ingest === 'per-message commit' ? dispatcher : { accept: (edgeId, topic, payload) => dispatcher.acceptBatched(edgeId, topic, payload) }
  const broker = await embeddedBroker(sink, log)
  const edgeDatabase = openEdgeDatabase({ path: join(dir, 'edge.db') })
  const journal = new SqliteJournal(edgeDatabase, systemClock, log)
  journal.start()
  await Promise.all(Array.from({ length: events }, (_, index) => journal.append({ kind: 'event', message: eventMessage(index) })))
  const composer = new EdgeStatusComposer({ edgeId: EDGE, softwareVersion: '0.1.0' }, { policyVersion: () => 42, journalBacklog: () => journal.backlog().count, devices: () => ({}) }, systemClock, log)
  const link = new MqttHubLink(
    { ...DEFAULT_MQTT_HUB_LINK_TIMING, brokerUrl: `mqtt://127.0.0.1:${broker.port}`, baseTopic: BASE, edgeId: EDGE, username: EDGE, password: Buffer.from(PASSWORD), reconnectPeriodMs: 200 },
    composer,
    systemClock,
    log,
  )
  const publisher = new JournalPublisher(link, journal, systemClock, log)
  link.start()
  await new Promise<void>((resolve) => link.once('connected', () => resolve()))
  const start = performance.now()
  publisher.start()
  while (journal.backlog().count > 0) await new Promise((resolve) => setTimeout(resolve, 5))
  const seconds = (performance.now() - start) / 1000
  const stored = hub.connection.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM access_events').get()?.count ?? 0
  publisher.stop()
  await link.stop()
  journal.stop()
  edgeDatabase.close()
  await broker.stop()
  hub.close()
  rmSync(dir, { recursive: true, force: true })
  if (stored !== events) throw new Error(`ingest benchmark stored ${stored} of ${events} events`)
  return events / seconds
}

/** The hub's EmbeddedBroker: its publish hook waits for the sink before the PUBACK. */
async function embeddedBroker(sink: EdgeMessageSink, log: Logger): Promise<RunningBroker> {
  const broker = new EmbeddedBroker(
    { baseTopic: BASE, listeners: [{ transport: 'mqtt', host: '127.0.0.1', port: 0 }], tls: null },
    { verifyEdgePassword: (edgeId, password) => edgeId === EDGE && password.toString() === PASSWORD, onCredentialRevoked: () => () => {}, sink, log },
  )
  await broker.start()
  return { port: broker.portOf('mqtt') ?? 0, stop: () => broker.stop() }
}


/** A bare aedes, QoS 1 publisher → QoS 1 subscriber, the same event payloads. */
async function bareAedesRate(messages: number): Promise<number> {
  const broker = await plainAedes()
  const url = `mqtt://127.0.0.1:${broker.port}`
  const subscriber = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'bench-subscriber' })
  const publisher = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'bench-publisher' })
  await subscriber.subscribeAsync('bench/#', { qos: 1 })
  const payloads = Array.from({ length: messages }, (_, index) => Buffer.from(JSON.stringify({ ...eventMessage(index), seq: index + 1 })))
  let received = 0
  const allReceived = new Promise<void>((resolve) => subscriber.on('message', () => ++received === messages && resolve()))
  const start = performance.now()
  await Promise.all(payloads.map((payload) => publisher.publishAsync('bench/event', payload, { qos: 1 })))
  await allReceived
  const seconds = (performance.now() - start) / 1000
  await publisher.endAsync()
  await subscriber.endAsync()
  await broker.stop()
  return messages / seconds
}
