import type BetterSqlite3 from 'better-sqlite3'
import type { HubSigningKey } from '../adapters/load-hub-signing-key.js'
import { purgeLedgerTemperatures } from '../adapters/sqlite/ledger/purge-ledger-temperatures.js'
import { SqliteAlertStore } from '../adapters/sqlite/ledger/sqlite-alert-store.js'
import { SqliteEdgeStatusStore } from '../adapters/sqlite/ledger/sqlite-edge-status-store.js'
import { SqliteLedgerQueries } from '../adapters/sqlite/ledger/sqlite-ledger-queries.js'
import { SqliteLedgerStore } from '../adapters/sqlite/ledger/sqlite-ledger-store.js'
import type { PeopleRepositories } from '../adapters/sqlite/people/people-repositories.js'
import { SqliteRemoteCommandStore } from '../adapters/sqlite/remote/sqlite-remote-command-store.js'
import type { Clock } from '../ports/clock.js'
import type { EdgeMessageOutcome, EdgeMessageSink } from '../ports/edge-message-sink.js'
import type { HubMessageBus } from '../ports/hub-message-bus.js'
import type { Logger } from '../ports/logger.js'
import { AlertService } from '../services/alert-service.js'
import { EdgeMessageDispatcher } from '../services/edge-message-dispatcher.js'
import { LiveFeed } from '../services/live-feed.js'
import type { TemperaturePurge } from '../services/people/temperature-purge-service.js'
import type { PolicyDistributor } from '../services/policy-distribution/policy-distributor.js'
import { DEFAULT_REMOTE_OPEN_OPTIONS, RemoteOpenService } from '../services/remote-open-service.js'

export interface IngestServicesDeps {
  readonly connection: BetterSqlite3.Database
  readonly bus: HubMessageBus
  readonly distributor: PolicyDistributor
  readonly signingKey: HubSigningKey
  readonly baseTopic: string
  readonly clock: Clock
  readonly log: Logger
}

/** Told of each edge message once the hub has handled it (stored durably, duplicate or rejected). */
export type EdgeMessageHandledListener = (edgeId: string, topic: string, payload: Buffer, outcome: EdgeMessageOutcome) => void

/** What edges send and what the hub sends back: the ledger, alerts, the live feed and remote open. */
export class IngestServices {
  readonly ledger: SqliteLedgerStore
  readonly statuses: SqliteEdgeStatusStore
  readonly alertStore: SqliteAlertStore
  readonly alerts: AlertService
  readonly queries: SqliteLedgerQueries
  readonly liveFeed = new LiveFeed()
  readonly remoteOpen: RemoteOpenService
  readonly dispatcher: EdgeMessageDispatcher
  /** What the broker hands edge messages to: messages of one event-loop turn share one commit (one fsync). */
  readonly batchedSink: EdgeMessageSink = { accept: (edgeId, topic, payload) => this.#acceptBatched(edgeId, topic, payload) }
  readonly #connection: BetterSqlite3.Database
  readonly #log: Logger
  readonly #handledListeners = new Set<EdgeMessageHandledListener>()

  constructor(deps: IngestServicesDeps) {
    const { connection, clock, log } = deps
    this.#connection = connection
    this.#log = log
    this.ledger = new SqliteLedgerStore(connection)
    this.statuses = new SqliteEdgeStatusStore(connection)
    this.alertStore = new SqliteAlertStore(connection)
    this.alerts = new AlertService(this.alertStore, this.ledger)
    this.queries = new SqliteLedgerQueries(connection, this.statuses, this.alertStore)
    this.remoteOpen = new RemoteOpenService({
      store: new SqliteRemoteCommandStore(connection),
      policySource: deps.distributor,
      bus: deps.bus,
      signingKey: deps.signingKey.privateKey,
      clock,
      log: log.child({ component: 'remote-open' }),
      options: { ...DEFAULT_REMOTE_OPEN_OPTIONS, baseTopic: deps.baseTopic },
    })
    this.dispatcher = new EdgeMessageDispatcher({
      baseTopic: deps.baseTopic,
      ledger: this.ledger,
      statuses: this.statuses,
      alerts: this.alerts,
      commandReplies: this.remoteOpen,
      onPolicyApplied: (edgeId, message) => {
        deps.distributor.recordApplied(edgeId, message)
      },
      liveFeed: this.liveFeed,
      clock,
      log: log.child({ component: 'ingest' }),
    })
  }

  /** Calls `listener` after each edge message the broker hands over is handled; returns an unsubscribe (metrics, tests). */
  onHandled(listener: EdgeMessageHandledListener): () => void {
    this.#handledListeners.add(listener)
    return () => this.#handledListeners.delete(listener)
  }

  /** Every place a temperature is kept, for the purge service. */
  temperaturePurges(people: PeopleRepositories): Record<string, TemperaturePurge> {
    return {
      temperature_reports: (cutoffMs) => people.temperatures.purgeOlderThan(cutoffMs),
      access_events: (cutoffMs) => purgeLedgerTemperatures(this.#connection, cutoffMs),
    }
  }

  stop(): void {
    this.remoteOpen.stop?.()
  }

  #acceptBatched(edgeId: string, topic: string, payload: Buffer): Promise<EdgeMessageOutcome> {
    const handled = this.dispatcher.acceptBatched(edgeId, topic, payload)
    if (this.#handledListeners.size === 0) return handled
    return handled.then((outcome) => {
      for (const listener of this.#handledListeners) {
        try {
          listener(edgeId, topic, payload, outcome)
        } catch (error) {
          // A listener never decides whether the edge's message was taken.
          this.#log.error({ err: String(error) }, 'edge message listener failed')
        }
      }
      return outcome
    })
  }
}
