/**
 * The real hub (HubRuntime: its SQLite file in a temp data dir, HTTP and MQTT on loopback port 0)
 * with either its embedded broker or, in external mode, a real mosquitto; and a real edge built
 * from what enrollment wrote (the `gatehouse-edge enroll` command's own code, then the config,
 * key and password read back as the daemon reads them), over a simulated OSDP reader. The hub can
 * be stopped and started again on the same data dir and the same ports. Waits are on events:
 * what the hub ingested, what the edge journalled.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Test } from 'tap'
import { HubServices } from '../../../edge/src/assembly/hub-services.js'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { SqlitePolicyStore } from '../../../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { SqliteReplayCache } from '../../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import type { Clock } from '../../../edge/src/ports/clock.js'
import { EdgeRuntime } from '../../../edge/src/assembly/edge-runtime.js'
import { readEdgeSettings } from '../../../edge/src/config/read-edge-config.js'
import { runEnrollCommand } from '../../../edge/src/enroll/enroll-command.js'
import type { SimulatedOsdpReader } from '../../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import type { SerialDevice } from '../../../firmware-sim/src/serial-device.js'
import { MosquittoPasswordFile } from '../../../hub/src/adapters/broker/mosquitto-password-file.js'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import type { HubConfig } from '../../../hub/src/config/hub-config.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import { DEFAULT_HUB_BROKER_USERNAME } from '../../../hub/src/domain/broker/mosquitto-acl.js'
import type { EdgeMessageOutcome } from '../../../hub/src/ports/edge-message-sink.js'
import type { PolicyEdgeStatus } from '../../../hub/src/services/policy-distribution/policy-edge-status.js'
import { matchTopic, type TopicKind } from '../../../protocol/mqtt/topics.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { SimulatedHardware } from '../../fakes/simulated-hardware.js'
import { boundedWait, STORY_WAIT_MS } from '../../stories/bounded-wait.js'
import { RecordingJournal } from '../../stories/recording-journal.js'
import { StoryEdge } from '../../stories/story-edge.js'
import type { MosquittoProcess } from './mosquitto-process.js'

type Json = Record<string, unknown>

/** The edge's link retries every 2 s (DEFAULT_MQTT_HUB_LINK_TIMING), the hub's external client likewise: a restart takes a few. */
export const RECONNECT_WAIT_MS = 10_000
/**
 * The edge applies a full snapshot in a worker thread (OffThreadSnapshotApplier); run from the
 * TypeScript sources, that worker first loads them through the test runner's loader, seconds on
 * a busy machine.
 */
export const FIRST_SNAPSHOT_WAIT_MS = 20_000

/** An edge message as the hub handled it. */
export interface HandledMessage {
  readonly edgeId: string
  readonly kind: TopicKind
  readonly message: Json
  readonly outcome: EdgeMessageOutcome
}

function jsonObject(payload: Buffer): Json | null {
  try {
    const parsed: unknown = JSON.parse(payload.toString('utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : null
  } catch {
    return null
  }
}

/** The hub as `gatehouse-hub` runs it, restartable on the same data dir and ports. */
export class EndToEndHub {
  readonly log = new SilentLogger()
  readonly #mosquitto: MosquittoProcess | null
  readonly #clock: Clock
  #config: HubConfig
  #runtime: HubRuntime
  #isStopped = false
  #httpUrl: string | null = null

  /** `clock`: the system clock unless a story moves time (test/stories/warp-clock.ts). */
  constructor(dataDir: string, mosquitto: MosquittoProcess | null, clock: Clock = systemClock) {
    this.#mosquitto = mosquitto
    this.#clock = clock
    this.#config = hubConfig(dataDir, mosquitto, { http: 0, mqtt: 0 })
    this.#runtime = this.#build()
  }

  get runtime(): HubRuntime {
    return this.#runtime
  }

  get httpUrl(): string {
    if (this.#httpUrl === null) throw new Error('the hub has not started yet')
    return this.#httpUrl
  }

  async start(): Promise<void> {
    const addresses = await this.#runtime.start()
    this.#httpUrl = addresses.httpUrl
    // Started again, it listens where edges and browsers already know it: the ports it got now.
    const port = (url: string) => Number(new URL(url).port)
    this.#config = hubConfig(this.#config.dataDir, this.#mosquitto, { http: port(addresses.httpUrl), mqtt: this.#mosquitto === null ? port(addresses.mqttUrl) : 0 })
  }

  /** Stops the current runtime (started or only built); idempotent. */
  async stop(): Promise<void> {
    if (this.#isStopped) return
    this.#isStopped = true
    await this.#runtime.stop()
  }

  /** A new HubRuntime on the same data dir and ports, built but not started: register waits on it, then `start()`. */
  rebuild(): HubRuntime {
    if (!this.#isStopped) throw new Error('stop the hub before building it again')
    this.#runtime = this.#build()
    this.#isStopped = false
    return this.#runtime
  }

  /** Resolves once `probe` finds something: checked now, then after every edge message the hub handles. */
  until<T>(what: string, probe: () => T | undefined, timeoutMs = STORY_WAIT_MS): Promise<T> {
    const runtime = this.#runtime
    return boundedWait(
      what,
      (done) => {
        const check = () => {
          const found = probe()
          if (found !== undefined) done(found)
        }
        const unsubscribe = runtime.ingest.onHandled(check)
        check()
        return unsubscribe
      },
      timeoutMs,
    )
  }

  /** Resolves with the first edge message handled from now on for which `probe` finds something. */
  nextHandled<T>(what: string, probe: (handled: HandledMessage) => T | undefined, timeoutMs = STORY_WAIT_MS): Promise<T> {
    const runtime = this.#runtime
    const baseTopic = this.#config.baseTopic
    return boundedWait(
      what,
      (done) =>
        runtime.ingest.onHandled((edgeId, topic, payload, outcome) => {
          const matched = matchTopic(baseTopic, topic)
          const message = jsonObject(payload)
          if (matched === null || message === null) return
          const found = probe({ edgeId, kind: matched.kind, message, outcome })
          if (found !== undefined) done(found)
        }),
      timeoutMs,
    )
  }

  /** Resolves once the hub knows the edge applied its latest version, at least `minVersion`. */
  policyCurrent(edgeId: string, minVersion = 1, timeoutMs = STORY_WAIT_MS): Promise<PolicyEdgeStatus> {
    return this.until(
      `${edgeId} on its latest policy (at least v${minVersion})`,
      () => this.#runtime.distributor.status().find((status) => status.edgeId === edgeId && status.isCurrent && (status.latestVersion ?? 0) >= minVersion),
      timeoutMs,
    )
  }

  /** How many times the ledger holds this event id (it has a UNIQUE constraint; this reads what is there). */
  ledgerCount(eventId: string): number {
    const row = this.#runtime.database.connection.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM access_events WHERE id = ?').get(eventId)
    return row?.n ?? 0
  }

  #build(): HubRuntime {
    const mosquitto = this.#mosquitto
    const credentialMirror = mosquitto === null ? undefined : new MosquittoPasswordFile({ path: mosquitto.passwordFile, pidFile: mosquitto.pidFile }, this.log)
    return new HubRuntime({ config: this.#config, clock: this.#clock, log: this.log, ...(credentialMirror !== undefined && { credentialMirror }) })
  }
}

/** The hub config as the daemon loads it (defaults applied): embedded broker, or a client of `mosquitto`. */
function hubConfig(dataDir: string, mosquitto: MosquittoProcess | null, ports: { readonly http: number; readonly mqtt: number }): HubConfig {
  const mqtt =
    mosquitto === null
      ? { mode: 'embedded', host: '127.0.0.1', port: ports.mqtt }
      : { mode: 'external', host: mosquitto.host, port: mosquitto.port, externalUsername: DEFAULT_HUB_BROKER_USERNAME, externalPasswordFile: mosquitto.hubPasswordFile }
  const loaded = loadHubConfig(JSON.stringify({ dataDir, http: { host: '127.0.0.1', port: ports.http }, mqtt, logLevel: 'warn' }))
  if (!loaded.ok) throw new Error(`hub config invalid:\n${loaded.violations.join('\n')}`)
  return loaded.value
}

/** Starts the hub on a fresh data dir; the test's teardown stops it (whichever runtime is current). */
export async function startEndToEndHub(t: Test, dataDir: string, mosquitto: MosquittoProcess | null, clock: Clock = systemClock): Promise<EndToEndHub> {
  const hub = new EndToEndHub(dataDir, mosquitto, clock)
  t.teardown(() => hub.stop())
  await hub.start()
  return hub
}

/** Runs `gatehouse-edge enroll --hub URL --token T --out <dir>/etc --data-dir <dir>/data`: its exit code, what it printed, the config it wrote. */
export async function enrollEdge(hubUrl: string, token: string, dir: string): Promise<{ readonly code: number; readonly configPath: string; readonly output: string[] }> {
  const output: string[] = []
  const code = await runEnrollCommand(['--hub', hubUrl, '--token', token, '--out', join(dir, 'etc'), '--data-dir', join(dir, 'data')], {
    out: (line) => output.push(line),
    err: (line) => output.push(line),
  })
  return { code, configPath: join(dir, 'etc', 'edge.json'), output }
}

/** The enrolled edge, wired as edge/src/main.ts wires it from its files, over the simulated devices; stopped at teardown. */
export async function startEnrolledEdge(t: Test, configPath: string, devices: Record<string, SerialDevice>, clock: Clock = systemClock): Promise<{ edge: StoryEdge; hub: HubServices }> {
  const read = readEdgeSettings(configPath)
  if (!read.ok) throw new Error(`the enrolled edge would not start:\n${read.violations.join('\n')}`)
  const { config, hubPublicKey, password, tlsCa } = read.settings
  const log = new SilentLogger()
  const hardware = new SimulatedHardware(clock, log, devices)
  mkdirSync(config.dataDir, { recursive: true })
  const database = openEdgeDatabase({ path: join(config.dataDir, 'edge.db') })
  const sqliteJournal = new SqliteJournal(database, clock, log)
  const journal = new RecordingJournal(sqliteJournal)
  const replayCache = new SqliteReplayCache(database)
  const policy = new SqlitePolicyStore(database, clock, log, { edgeId: config.edgeId, hubPublicKey })
  policy.start()
  const runtime = new EdgeRuntime(config, hardware, { journal, policy, passages: policy, replayCache })
  const edge = new StoryEdge({ config, clock, log, hardware, database, sqliteJournal, journal, replayCache, policy, runtime })
  t.teardown(() => edge.stop())
  await edge.start()
  const hub = new HubServices({ config, runtime, journal, store: policy, replayCache, hubPublicKey, password, tlsCa, softwareVersion: '0.1.0', clock, log })
  edge.attachHub(hub)
  hub.start()
  return { edge, hub }
}

/** When the test failed: what hub and edge logged (debug and up), as test comments. */
export function commentLogsOnFailure(t: Test, logs: Record<string, SilentLogger>): void {
  t.teardown(() => {
    if (t.passing()) return
    for (const [who, log] of Object.entries(logs)) {
      for (const line of log.lines.filter((entry) => entry.level !== 'trace')) t.comment(`${who} ${line.level}: ${line.message ?? ''} ${JSON.stringify(line.object)}`)
    }
  })
}

/** Resolves once the reader's lock relay (output 0) is released, so the next grant shows as a new pulse. */
export function relayAtRest(reader: SimulatedOsdpReader): Promise<void> {
  return boundedWait('the gate relay at rest', (done) => {
    const check = () => reader.door.outputs[0] !== true && done()
    reader.on('output', check)
    check()
    return () => reader.off('output', check)
  })
}

/** Resolves once the edge's link to the broker is up (true) or down (false). */
export function linkIs(hub: HubServices, isConnected: boolean, timeoutMs = STORY_WAIT_MS): Promise<void> {
  return boundedWait(
    `the edge's link ${isConnected ? 'up' : 'down'}`,
    (done) => {
      const unsubscribe = hub.link.onConnectionChanged((state) => state === isConnected && done())
      if (hub.link.isConnected === isConnected) done()
      return unsubscribe
    },
    timeoutMs,
  )
}
