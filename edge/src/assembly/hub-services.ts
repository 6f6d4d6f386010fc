import type { KeyObject } from 'node:crypto'
import { HttpSnapshotFetcher, DEFAULT_HTTP_SNAPSHOT_FETCHER_LIMITS, snapshotUrlTemplate } from '../adapters/http/http-snapshot-fetcher.js'
import { MqttHubLink, DEFAULT_MQTT_HUB_LINK_TIMING } from '../adapters/mqtt/mqtt-hub-link.js'
import type { SqlitePolicyStore } from '../adapters/sqlite/sqlite-policy-store.js'
import type { EdgeConfig } from '../config/edge-config.js'
import type { Clock } from '../ports/clock.js'
import type { Journal } from '../ports/journal.js'
import type { Logger } from '../ports/logger.js'
import type { ReplayCache } from '../ports/replay-cache.js'
import { CommandReceiver } from '../services/command-receiver.js'
import { EdgeStatusComposer } from '../services/edge-status-composer.js'
import { JournalPublisher, DEFAULT_JOURNAL_PUBLISHER_OPTIONS } from '../services/journal-publisher.js'
import { PolicyListener } from '../services/policy-listener.js'
import { PolicyStoreUpdater } from '../services/policy-store-updater.js'
import { RemoteOpenExecutor } from '../services/remote-open-executor.js'
import { StatusReporter, DEFAULT_STATUS_REPORTER_OPTIONS } from '../services/status-reporter.js'
import type { EdgeRuntime } from './edge-runtime.js'

export interface HubServicesDeps {
  readonly config: EdgeConfig
  readonly runtime: EdgeRuntime
  readonly journal: Journal
  readonly store: SqlitePolicyStore
  readonly replayCache: ReplayCache
  readonly hubPublicKey: KeyObject
  readonly password: Buffer
  readonly tlsCa: Buffer | null
  readonly softwareVersion: string
  readonly clock: Clock
  readonly log: Logger
}

/**
 * The edge's side of the MQTT contract, wired: link, journal publisher, status reporter, signed
 * commands (remote opens) and policy updates. Services listen before the link connects, so they
 * see its first connect and any retained message.
 */
export class HubServices {
  readonly link: MqttHubLink
  readonly #publisher: JournalPublisher
  readonly #reporter: StatusReporter
  readonly #receiver: CommandReceiver
  readonly #listener: PolicyListener

  constructor(deps: HubServicesDeps) {
    const { config, runtime, journal, store, clock } = deps
    const log = deps.log.child({ component: 'hub-link' })
    const composer = new EdgeStatusComposer(
      { edgeId: config.edgeId, softwareVersion: deps.softwareVersion },
      { policyVersion: () => store.meta()?.version ?? 0, journalBacklog: () => journal.backlog().count, devices: () => runtime.devicesHealth() },
      clock,
      log,
    )
    this.link = new MqttHubLink(
      {
        brokerUrl: config.hub.url,
        baseTopic: config.hub.baseTopic,
        edgeId: config.edgeId,
        username: config.hub.username,
        password: deps.password,
        ...(deps.tlsCa !== null && { tls: { ca: deps.tlsCa } }),
        ...DEFAULT_MQTT_HUB_LINK_TIMING,
        keepaliveSeconds: config.hub.keepaliveSeconds,
      },
      composer,
      clock,
      log,
    )
    this.#publisher = new JournalPublisher(this.link, journal, clock, log, DEFAULT_JOURNAL_PUBLISHER_OPTIONS)
    this.#reporter = new StatusReporter(this.link, composer, clock, log, DEFAULT_STATUS_REPORTER_OPTIONS)
    const executor = new RemoteOpenExecutor({
      edgeId: config.edgeId,
      policy: store,
      journal,
      doors: new Map(
        runtime.doors.map((door) => {
          const entry = door.config.entries[0]
          const remote = { lock: door.lock, pulseMs: door.config.pulseMs, direction: entry?.direction ?? 'in', lane: entry?.lane ?? 'none', kiosks: [...door.kiosks.values()] }
          return [door.config.id, remote] as const
        }),
      ),
      decisionContext: () => runtime.decisionContext(),
      onGranted: (doorId, untilMs) => runtime.doors.find((door) => door.config.id === doorId)?.supervisor.handle({ kind: 'AccessGranted', doorId, atMs: clock.now(), untilMs }),
      onJournalled: () => this.#publisher.notify(),
      onLockReengaged: (doorId) => runtime.doors.find((door) => door.config.id === doorId)?.supervisor.handle({ kind: 'LockReengaged', doorId, atMs: clock.now() }),
      modes: runtime.doorModes,
      clock,
      log,
    })
    this.#receiver = new CommandReceiver(this.link, executor, new Set(runtime.doors.map((door) => door.config.id)), deps.replayCache, clock, log, {
      hubPublicKey: deps.hubPublicKey,
      clockSkewMs: 5_000,
    })
    const fetcher = new HttpSnapshotFetcher(clock, log, {
      urlTemplate: snapshotUrlTemplate(config.hub.httpUrl),
      edgeId: config.edgeId,
      bearerToken: deps.password.toString('utf8').trim(),
      ca: deps.tlsCa,
      ...DEFAULT_HTTP_SNAPSHOT_FETCHER_LIMITS,
    })
    this.#listener = new PolicyListener(this.link, new PolicyStoreUpdater(store, fetcher, log), clock, log, { hubPublicKey: deps.hubPublicKey })
    runtime.onJournalled = () => this.#publisher.notify()
    journal.onHealthChanged(() => this.#reporter.requestPublish())
    this.link.on('connected', () => (runtime.isHubConnected = true))
    this.link.on('disconnected', () => (runtime.isHubConnected = false))
  }

  start(): void {
    this.#receiver.start()
    this.#listener.start()
    this.#publisher.start()
    this.#reporter.start()
    this.link.start()
  }

  async stop(): Promise<void> {
    this.#receiver.stop()
    this.#listener.stop()
    this.#reporter.stop()
    this.#publisher.stop()
    await this.link.stop()
  }
}
