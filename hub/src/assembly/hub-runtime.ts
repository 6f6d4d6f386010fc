import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { BrokerListenerOptions } from '../adapters/broker/broker-listener.js'
import { EmbeddedBroker } from '../adapters/broker/embedded-broker.js'
import { DEFAULT_EXTERNAL_BROKER_TIMING, ExternalBrokerClient } from '../adapters/broker/external-broker-client.js'
import { ScryptPasswordHasher } from '../adapters/crypto/scrypt-password-hasher.js'
import { createAccessRepositories } from '../adapters/http/access/access-route-deps.js'
import { buildHubApp, type HubRoutes } from '../adapters/http/build-hub-app.js'
import { CookieSessions, sessionAuthenticator } from '../adapters/http/cookie-sessions.js'
import { loadHubSigningKey, type HubSigningKey } from '../adapters/load-hub-signing-key.js'
import { EdgeCredentialStore } from '../adapters/sqlite/edge-credential-store.js'
import { openHubDatabase, type HubDatabase } from '../adapters/sqlite/open-hub-database.js'
import { createPeopleRepositories } from '../adapters/sqlite/people/people-repositories.js'
import { SqliteAccountStore } from '../adapters/sqlite/sqlite-account-store.js'
import { SqliteEdgeEnrollmentStore } from '../adapters/sqlite/sqlite-edge-enrollment-store.js'
import { SqlitePolicyModelReader } from '../adapters/sqlite/sqlite-policy-model-reader.js'
import { SqlitePolicyVersionStore } from '../adapters/sqlite/sqlite-policy-version-store.js'
import { SqliteSessionStore } from '../adapters/sqlite/sqlite-session-store.js'
import { SqliteSetupTokenStore } from '../adapters/sqlite/sqlite-setup-token-store.js'
import type { HubConfig } from '../config/hub-config.js'
import type { Clock } from '../ports/clock.js'
import type { EdgeCredentialMirror } from '../ports/edge-credential-mirror.js'
import type { HubMessageBus } from '../ports/hub-message-bus.js'
import type { Logger } from '../ports/logger.js'
import { AccountAdministration } from '../services/accounts/account-administration.js'
import { FirstAdminSetup } from '../services/accounts/first-admin-setup.js'
import { IpFailureLimiter } from '../services/accounts/ip-failure-limiter.js'
import { SignInService } from '../services/accounts/sign-in-service.js'
import { EdgeEnrollment, type EdgeEnrollmentSettings } from '../services/enrollment/edge-enrollment.js'
import { PolicyDistributor } from '../services/policy-distribution/policy-distributor.js'
import { hubRoutes } from './hub-routes.js'
import { wireHubMetrics } from './hub-metrics-wiring.js'
import { wireHomeAssistant } from './home-assistant-wiring.js'
import type { HomeAssistantBridge } from '../services/home-assistant-bridge.js'
import type { BrokerHealth, HubMetrics } from '../services/hub-metrics.js'
import { IngestServices } from './ingest-services.js'
import { TemperaturePurgeService } from '../services/people/temperature-purge-service.js'
import { purgeVisitorData } from '../adapters/sqlite/visitors/purge-visitor-data.js'
import { VisitorDataPurgeService } from '../services/visitors/visitor-data-purge-service.js'
import { HubPidFile } from '../adapters/hub-pid-file.js'
import type { ScheduledBackups } from '../services/backup/scheduled-backups.js'
import { createScheduledBackups, hubDataPaths } from './hub-backups.js'
import { enrollmentCaPem, httpsMaterial } from './hub-tls.js'

export interface HubRuntimeDeps {
  readonly config: HubConfig
  readonly clock: Clock
  readonly log: Logger
  /**
   * External mode with Mosquitto on this machine: keeps its password file in step with each
   * enrollment and revocation (MosquittoPasswordFile, docs/external-broker.md). None by default.
   */
  readonly credentialMirror?: EdgeCredentialMirror
}

/** Where the hub can be reached, once listening. */
export interface HubAddresses {
  readonly httpUrl: string
  readonly mqttUrl: string
}

interface Broker {
  readonly bus: HubMessageBus
  start(): Promise<void> | void
  stop(): Promise<void> | void
  /** The MQTT port edges connect to once started (the embedded broker's bound one, useful with port 0). */
  edgePort(): number
  /** Clients, connection and refusals, for /metrics. */
  health(): BrokerHealth
}

/**
 * The whole hub, wired: database, signing key, broker (embedded or external), policy
 * distribution, ingest, remote open, accounts and the HTTP API. Constructing it opens the
 * database and reads the key; `start()` brings up the broker, the services and the listener;
 * `stop()` takes them down in reverse order.
 */
export class HubRuntime {
  readonly database: HubDatabase
  readonly signingKey: HubSigningKey
  readonly setup: FirstAdminSetup
  /** What the hub publishes through (commands, policy announcements), embedded or external. */
  readonly bus: HubMessageBus
  readonly distributor: PolicyDistributor
  readonly ingest: IngestServices
  readonly app: FastifyInstance
  /** Prometheus metrics; null unless `metrics.enabled` (docs/metrics.md). */
  readonly metrics: HubMetrics | null
  /** Home Assistant MQTT discovery; null unless `homeAssistant.enabled` (docs/home-assistant.md). */
  readonly homeAssistant: HomeAssistantBridge | null
  readonly #deps: HubRuntimeDeps
  readonly #broker: Broker
  readonly #purge: TemperaturePurgeService
  readonly #visitorPurge: VisitorDataPurgeService
  /** Scheduled database backups (docs/backups.md); null when `backup.enabled` is false. */
  readonly backups: ScheduledBackups | null
  /** `<dataDir>/hub.pid` while running: a second hub or a restore on the folder is refused. */
  readonly #pidFile: HubPidFile
  #addresses: HubAddresses | null = null
  #httpPort: number | null = null

  constructor(deps: HubRuntimeDeps) {
    this.#deps = deps
    const { config, clock, log } = deps
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
    this.database = openHubDatabase({ path: join(config.dataDir, 'hub.db') })
    this.signingKey = loadHubSigningKey(join(config.dataDir, 'hub-signing-key.pem'))
    const connection = this.database.connection
    const people = createPeopleRepositories(connection)
    let broker: Broker | undefined
    const bus: HubMessageBus = { publish: (topic, payload, options) => broker!.bus.publish(topic, payload, options) }
    this.bus = bus
    this.distributor = new PolicyDistributor(
      { models: new SqlitePolicyModelReader(connection), versions: new SqlitePolicyVersionStore(connection), bus, signingKey: this.signingKey, clock, log: log.child({ component: 'policy' }) },
      { baseTopic: config.baseTopic },
    )
    this.ingest = new IngestServices({ connection, bus, distributor: this.distributor, signingKey: this.signingKey, baseTopic: config.baseTopic, clock, log })
    const credentials = new EdgeCredentialStore(connection)
    broker = this.#createBroker(credentials)
    this.#broker = broker
    const hasher = new ScryptPasswordHasher()
    const accounts = new SqliteAccountStore(connection)
    const sessions = new SqliteSessionStore(connection)
    const ipLimiter = new IpFailureLimiter()
    const signIn = new SignInService({ accounts, sessions, hasher, ipLimiter, clock, log: log.child({ component: 'sign-in' }) })
    this.setup = new FirstAdminSetup({ accounts, setupTokens: new SqliteSetupTokenStore(connection), hasher, ipLimiter, clock, log })
    const isHttps = config.http.tls !== undefined
    const cookies = new CookieSessions({ signIn, clock, isCookieSecure: config.http.isCookieSecure ?? isHttps })
    const enrollment = new EdgeEnrollment(this.#enrollmentSettings(), {
      store: new SqliteEdgeEnrollmentStore(connection, credentials, deps.credentialMirror ?? null),
      clock,
      log,
      announceRevoked: (edgeId) => credentials.announceRevoked(edgeId),
    })
    this.backups = config.backup.enabled ? createScheduledBackups(config, connection, clock, log) : null
    this.#pidFile = new HubPidFile(hubDataPaths(config).pidFile)
    this.#purge = new TemperaturePurgeService({
      clock,
      log,
      retentionDays: () => people.sites.temperatureRetentionDays(),
      purges: this.ingest.temperaturePurges(people),
    })
    this.#visitorPurge = new VisitorDataPurgeService({ clock, log: log.child({ component: 'visitors' }), purge: (cutoffMs, atMs) => ({ ...purgeVisitorData(connection, cutoffMs, atMs) }) })
    this.homeAssistant = wireHomeAssistant({ config, connection, ingest: this.ingest, clock, log })
    const metrics = wireHubMetrics({ config, clock, log, ingest: this.ingest, distributor: this.distributor, signIn, broker: () => broker!.health(), homeAssistant: this.homeAssistant })
    this.metrics = metrics?.metrics ?? null
    const routes: HubRoutes[] = hubRoutes({
      connection,
      clock,
      log,
      policyChanges: this.distributor,
      people,
      access: createAccessRepositories(connection),
      signIn,
      cookies,
      setup: this.setup,
      administration: new AccountAdministration({ accounts, sessions, hasher, clock }),
      enrollment,
      distributor: this.distributor,
      verifyEdgePassword: credentials.verifyEdgePassword,
      ingest: this.ingest,
    })
    if (metrics !== null) routes.push(metrics.routes)
    const https = httpsMaterial(config)
    this.app = buildHubApp({ log, authenticate: sessionAuthenticator(cookies), isHttps, ...(https !== null && { https }), routes, openApi: { title: 'Gatehouse hub', version: '1' } })
    metrics?.observe(this.app)
  }

  get addresses(): HubAddresses | null {
    return this.#addresses
  }

  async start(): Promise<HubAddresses> {
    const { config } = this.#deps
    this.#pidFile.acquire()
    await this.#broker.start()
    this.distributor.start().catch((error: unknown) => this.#deps.log.error({ err: String(error) }, 'policy distribution did not start'))
    this.#purge.start()
    this.#visitorPurge.start()
    this.homeAssistant?.start()
    this.backups?.start()
    await this.app.listen({ host: config.http.host, port: config.http.port })
    const address = this.app.server.address()
    this.#httpPort = typeof address === 'object' && address !== null ? address.port : config.http.port
    const scheme = config.http.tls !== undefined ? 'https' : 'http'
    this.#addresses = { httpUrl: `${scheme}://${hostForUrl(config.http.host)}:${this.#httpPort}`, mqttUrl: this.#advertisedMqttUrl() }
    return this.#addresses
  }

  async stop(): Promise<void> {
    await this.app.close()
    this.#purge.stop()
    this.#visitorPurge.stop()
    // A recompile under way finishes before the broker and the database it uses go away.
    await this.distributor.stop()
    await this.#broker.stop()
    await this.homeAssistant?.stop()
    this.ingest.stop()
    await this.backups?.stop()
    this.database.close()
    this.#pidFile.release()
  }

  #createBroker(credentials: EdgeCredentialStore): Broker {
    const { config, log } = this.#deps
    const { mqtt } = config
    if (mqtt.mode === 'external') {
      const client = new ExternalBrokerClient(
        {
          url: `${this.#mqttScheme()}://${mqtt.host}:${mqtt.port}`,
          baseTopic: config.baseTopic,
          username: mqtt.externalUsername ?? '',
          password: Buffer.from(readFileSync(mqtt.externalPasswordFile ?? '', 'utf8').trim()),
          clientId: 'gatehouse-hub',
          ca: mqtt.externalCaFile !== undefined ? readFileSync(mqtt.externalCaFile) : null,
          ...DEFAULT_EXTERNAL_BROKER_TIMING,
        },
        { sink: this.ingest.batchedSink, log: log.child({ component: 'broker' }) },
      )
      const health = () => ({ connectedClients: null, isConnected: client.isConnected, refusals: client.refusals.toJSON() })
      return { bus: client, start: () => client.start(), stop: () => client.stop(), edgePort: () => mqtt.port, health }
    }
    const isTls = mqtt.tls !== undefined
    const listeners: BrokerListenerOptions[] = [{ transport: isTls ? 'mqtts' : 'mqtt', host: mqtt.host, port: mqtt.port }]
    if (mqtt.webSocketPort !== undefined) listeners.push({ transport: isTls ? 'wss' : 'ws', host: mqtt.host, port: mqtt.webSocketPort })
    const broker = new EmbeddedBroker(
      { baseTopic: config.baseTopic, listeners, tls: mqtt.tls ?? null },
      { verifyEdgePassword: credentials.verifyEdgePassword, onCredentialRevoked: (listener) => credentials.onRevoked(listener), sink: this.ingest.batchedSink, log: log.child({ component: 'broker' }) },
    )
    const transport = listeners[0]!.transport
    const health = () => ({ connectedClients: broker.connectedEdgeIds.length, isConnected: broker.portOf(transport) !== undefined, refusals: broker.refusals.toJSON() })
    return { bus: broker, start: () => broker.start(), stop: () => broker.stop(), edgePort: () => broker.portOf(transport) ?? mqtt.port, health }
  }

  /** What enrollment hands each edge; the URLs are read at each enrollment, so they carry the ports actually bound. */
  #enrollmentSettings(): EdgeEnrollmentSettings {
    const mqttUrl = () => this.#advertisedMqttUrl()
    const httpUrl = () => this.#advertisedHttpUrl()
    return {
      get mqttUrls() {
        return [mqttUrl()]
      },
      get hubHttpUrl() {
        return httpUrl()
      },
      baseTopic: this.#deps.config.baseTopic,
      hubPublicKeyBase64: this.signingKey.publicKeyBase64,
      caPem: enrollmentCaPem(this.#deps.config),
    }
  }

  #advertisedMqttUrl(): string {
    const { mqtt } = this.#deps.config
    return `${this.#mqttScheme()}://${hostForUrl(mqtt.host)}:${this.#broker.edgePort()}`
  }

  /** TLS when the embedded broker serves it, or the external broker's CA is given. */
  #mqttScheme(): 'mqtt' | 'mqtts' {
    const { mqtt } = this.#deps.config
    return mqtt.tls !== undefined || (mqtt.mode === 'external' && mqtt.externalCaFile !== undefined) ? 'mqtts' : 'mqtt'
  }

  #advertisedHttpUrl(): string {
    const { http } = this.#deps.config
    return http.publicUrl ?? `${http.tls !== undefined ? 'https' : 'http'}://${hostForUrl(http.host)}:${this.#httpPort ?? http.port}`
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}
