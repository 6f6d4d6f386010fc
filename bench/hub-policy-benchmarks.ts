/**
 * Policy distribution at the hub (issue 4 §8):
 *
 * - `hub.snapshot.build_ms`: a 100,000-resident community (hub-community-seed.ts, 33,334
 *   households of 3), its gate edge's policy built from the hub database: model read, compile,
 *   sign and encode the snapshot body (median of 3; `build_cpu_ms` is its CPU time, the figure
 *   to read when other work shares the machine). Also reported: the row check a first
 *   version gets (`validate_ms`), the gzip of the body for storage (`gzip_ms`), sizes.
 * - `hub.revocation.p99_ms`: an admin revokes a credential (the row updated, `modelChanged`) →
 *   every one of 50 connected edges has applied the new version: the whole path of the real
 *   parts: PolicyDistributor (50 ms debounce) → H-broker's EmbeddedBroker on loopback → each
 *   edge's MqttHubLink, PolicyListener, PolicyStoreUpdater and SQLite policy store (delta, or
 *   the snapshot over HTTP from the policy route) → PolicyApplied back through the broker and
 *   H-ingest's dispatcher to the distributor. The community: 6,000 residents in 49 buildings,
 *   one edge per building door plus the gate edge; each round revokes one staff card, which
 *   every edge carries. p99 (and p50) over 30 rounds.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { gzipSync, constants as zlibConstants } from 'node:zlib'
import { HttpSnapshotFetcher, snapshotUrlTemplate } from '../edge/src/adapters/http/http-snapshot-fetcher.js'
import { DEFAULT_MQTT_HUB_LINK_TIMING, MqttHubLink } from '../edge/src/adapters/mqtt/mqtt-hub-link.js'
import { openEdgeDatabase, type EdgeDatabase } from '../edge/src/adapters/sqlite/open-edge-database.js'
import { SqlitePolicyStore } from '../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import { EdgeStatusComposer } from '../edge/src/services/edge-status-composer.js'
import { PolicyListener } from '../edge/src/services/policy-listener.js'
import { PolicyStoreUpdater } from '../edge/src/services/policy-store-updater.js'
import { EmbeddedBroker } from '../hub/src/adapters/broker/embedded-broker.js'
import { buildHubApp } from '../hub/src/adapters/http/build-hub-app.js'
import { policyRoutes } from '../hub/src/adapters/http/routes/policy-routes.js'
import { openHubDatabase, type HubDatabase } from '../hub/src/adapters/sqlite/open-hub-database.js'
import { SqliteAlertStore } from '../hub/src/adapters/sqlite/ledger/sqlite-alert-store.js'
import { SqliteEdgeStatusStore } from '../hub/src/adapters/sqlite/ledger/sqlite-edge-status-store.js'
import { SqliteLedgerStore } from '../hub/src/adapters/sqlite/ledger/sqlite-ledger-store.js'
import { SqlitePolicyModelReader } from '../hub/src/adapters/sqlite/sqlite-policy-model-reader.js'
import { SqlitePolicyVersionStore } from '../hub/src/adapters/sqlite/sqlite-policy-version-store.js'
import { compileEdgePolicy } from '../hub/src/domain/policy-compiler/compile-edge-policy.js'
import { DEFAULT_CREDENTIAL_RETENTION_MS, indexPolicyModel } from '../hub/src/domain/policy-compiler/policy-model-index.js'
import { SignedSnapshotEncoder } from '../hub/src/domain/policy-distribution/signed-snapshot-encoder.js'
import type { Logger } from '../hub/src/ports/logger.js'
import { AlertService } from '../hub/src/services/alert-service.js'
import { EdgeMessageDispatcher } from '../hub/src/services/edge-message-dispatcher.js'
import { LiveFeed } from '../hub/src/services/live-feed.js'
import { PolicyDistributor } from '../hub/src/services/policy-distribution/policy-distributor.js'
import { POLICY_ENTITY_NAMES } from '../protocol/policy/policy-entities.js'
import { validatePolicyRow } from '../protocol/policy/validate-policy-row.js'
import { seedCommunity } from '../test/fakes/hub-community-seed.js'

const BASE = 'gatehouse'
const quietLogger: Logger = { child: () => quietLogger, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

export async function hubPolicyBenchmarks(isQuick: boolean): Promise<Record<string, number>> {
  return { ...(await snapshotBuild(isQuick)), ...(await revocationLatency(isQuick)) }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)]!
}

function round(value: number, digits = 0): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

async function snapshotBuild(isQuick: boolean): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-hub-policy-'))
  const hub = openHubDatabase({ path: join(dir, 'hub.db') })
  try {
    const seeded = seedCommunity(hub.connection, { households: isQuick ? 3_334 : 33_334 })
    const reader = new SqlitePolicyModelReader(hub.connection)
    const { privateKey } = generateKeyPairSync('ed25519')
    const builds: number[] = []
    const buildsCpu: number[] = []
    let body: Buffer = Buffer.alloc(0)
    let rows = 0
    let validateMs = 0
    for (let run = 0; run < (isQuick ? 1 : 3); run++) {
      const start = performance.now()
      const startCpu = process.cpuUsage()
      const model = reader.read(seeded.nowMs, DEFAULT_CREDENTIAL_RETENTION_MS)
      const compiled = compileEdgePolicy(indexPolicyModel(model, seeded.nowMs), seeded.gateEdgeId)
      if (!compiled.ok) throw new Error(`compile failed: ${compiled.code}`)
      const encoded = new SignedSnapshotEncoder().encode({ edgeId: seeded.gateEdgeId, version: 1, issuedAt: new Date(seeded.nowMs).toISOString() }, compiled.entities, privateKey)
      builds.push(performance.now() - start)
      const cpu = process.cpuUsage(startCpu)
      buildsCpu.push((cpu.user + cpu.system) / 1000)
      body = encoded.body
      const validateStart = performance.now()
      rows = 0
      for (const entity of POLICY_ENTITY_NAMES) {
        for (const row of compiled.entities[entity] as readonly unknown[]) {
          rows++
          if (!validatePolicyRow(entity, row).ok) throw new Error(`invalid ${entity} row`)
        }
      }
      validateMs = performance.now() - validateStart
    }
    const gzipStart = performance.now()
    const gzipped = gzipSync(body, { level: zlibConstants.Z_BEST_SPEED })
    const gzipMs = performance.now() - gzipStart
    return {
      'hub.snapshot.build_ms': round(median(builds)),
      // CPU time of the same work (this thread and V8's GC helpers): the figure to read on a busy machine.
      'hub.snapshot.build_cpu_ms': round(median(buildsCpu)),
      'hub.snapshot.validate_ms': round(validateMs),
      'hub.snapshot.gzip_ms': round(gzipMs),
      'hub.snapshot.rows': rows,
      'hub.snapshot.body_mb': round(body.byteLength / 1e6, 1),
      'hub.snapshot.gzip_mb': round(gzipped.byteLength / 1e6, 1),
    }
  } finally {
    hub.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Resolves when every edge has reported at least the version wanted for it. */
class AppliedVersions {
  readonly #versions = new Map<string, number>()
  #waiter: { wanted: ReadonlyMap<string, number>; resolve: () => void } | null = null

  applied(edgeId: string, version: number): void {
    if (version > (this.#versions.get(edgeId) ?? 0)) this.#versions.set(edgeId, version)
    if (this.#waiter !== null && this.#isReached(this.#waiter.wanted)) {
      this.#waiter.resolve()
      this.#waiter = null
    }
  }

  versionOf(edgeId: string): number {
    return this.#versions.get(edgeId) ?? 0
  }

  until(wanted: ReadonlyMap<string, number>, timeoutMs: number): Promise<void> {
    if (this.#isReached(wanted)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`edges did not apply in ${timeoutMs} ms`)), timeoutMs)
      this.#waiter = {
        wanted,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        },
      }
    })
  }

  #isReached(wanted: ReadonlyMap<string, number>): boolean {
    return [...wanted].every(([edgeId, version]) => (this.#versions.get(edgeId) ?? 0) >= version)
  }
}

interface BenchEdge {
  readonly link: MqttHubLink
  readonly listener: PolicyListener
  readonly store: SqlitePolicyStore
  readonly database: EdgeDatabase
}

function startEdge(edgeId: string, mqttPort: number, httpUrl: string, hubPublicKey: import('node:crypto').KeyObject): BenchEdge {
  // 50 gates share this process and its one thread: their policy caches are in-memory SQLite, so
  // their commits do not queue behind each other's fsyncs as they never would on 50 devices (and
  // an in-memory store applies snapshots on its own thread, not in 50 workers at once).
  const database = openEdgeDatabase({ path: ':memory:' })
  const store = new SqlitePolicyStore(database, systemClock, quietLogger, { edgeId, hubPublicKey })
  store.start()
  const composer = new EdgeStatusComposer(
    { edgeId, softwareVersion: '0.1.0' },
    { policyVersion: () => store.inForce()?.version ?? 0, journalBacklog: () => 0, devices: () => ({}) },
    systemClock,
    quietLogger,
  )
  const link = new MqttHubLink(
    { ...DEFAULT_MQTT_HUB_LINK_TIMING, brokerUrl: `mqtt://127.0.0.1:${mqttPort}`, baseTopic: BASE, edgeId, username: edgeId, password: Buffer.from(`pw-${edgeId}`), reconnectPeriodMs: 200 },
    composer,
    systemClock,
    quietLogger,
  )
  const fetcher = new HttpSnapshotFetcher(systemClock, quietLogger, {
    urlTemplate: snapshotUrlTemplate(httpUrl),
    edgeId,
    bearerToken: `pw-${edgeId}`,
    maxBytes: 256 * 1024 * 1024,
    timeoutMs: 60_000,
  })
  const listener = new PolicyListener(link, new PolicyStoreUpdater(store, fetcher, quietLogger), systemClock, quietLogger, { hubPublicKey })
  listener.start()
  link.start()
  return { link, listener, store, database }
}

async function revocationLatency(isQuick: boolean): Promise<Record<string, number>> {
  const rounds = isQuick ? 5 : 30
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-hub-revocation-'))
  const hub = openHubDatabase({ path: join(dir, 'hub.db') })
  const seeded = seedCommunity(hub.connection, { households: isQuick ? 490 : 2_000, buildings: 49, staff: rounds + 2 })
  const keys = generateKeyPairSync('ed25519')
  const applied = new AppliedVersions()
  const versions = new SqlitePolicyVersionStore(hub.connection)
  const parts = await startHub(hub, versions, keys, applied)
  const edgeIds = [seeded.gateEdgeId, ...seeded.buildingEdgeIds]
  const edges = edgeIds.map((edgeId) => startEdge(edgeId, parts.mqttPort, parts.httpUrl, keys.publicKey))
  try {
    await parts.distributor.start()
    await applied.until(new Map(edgeIds.map((edgeId) => [edgeId, 1])), 120_000)
    const staffCards = seeded.cards.filter((card) => seeded.staffIds.includes(card.personId))
    const revoke = hub.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`)
    const latencies: number[] = []
    let deltas = 0
    for (let round = 0; round < rounds; round++) {
      const wanted = new Map(edgeIds.map((edgeId) => [edgeId, applied.versionOf(edgeId) + 1]))
      const start = performance.now()
      revoke.run(Date.now(), staffCards[round]!.credentialId)
      parts.distributor.modelChanged('credential revoked')
      await applied.until(wanted, 30_000)
      latencies.push(performance.now() - start)
      deltas += edges.filter((edge) => edge.store.inForce()?.source === 'delta').length
    }
    return {
      'hub.revocation.p99_ms': round(percentile(latencies, 0.99)),
      'hub.revocation.p50_ms': round(percentile(latencies, 0.5)),
      'hub.revocation.edges': edges.length,
      'hub.revocation.delta_share': round(deltas / (rounds * edges.length), 2),
    }
  } finally {
    await Promise.all(edges.map((edge) => edge.link.stop()))
    for (const edge of edges) {
      edge.listener.stop()
      edge.store.stop()
      edge.database.close()
    }
    await parts.stop()
    hub.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function startHub(hub: HubDatabase, versions: SqlitePolicyVersionStore, keys: { privateKey: import('node:crypto').KeyObject }, applied: AppliedVersions) {
  let distributor: PolicyDistributor | undefined
  const ledger = new SqliteLedgerStore(hub.connection)
  const dispatcher = new EdgeMessageDispatcher({
    baseTopic: BASE,
    ledger,
    statuses: new SqliteEdgeStatusStore(hub.connection),
    alerts: new AlertService(new SqliteAlertStore(hub.connection), ledger),
    commandReplies: { recordReply: () => 'unknown', replyCommitted: () => {} },
    onPolicyApplied: (edgeId, message) => {
      distributor!.recordApplied(edgeId, message)
      applied.applied(edgeId, message.version)
    },
    liveFeed: new LiveFeed(),
    clock: systemClock,
    log: quietLogger,
  })
  const broker = new EmbeddedBroker(
    { baseTopic: BASE, listeners: [{ transport: 'mqtt', host: '127.0.0.1', port: 0 }], tls: null },
    {
      verifyEdgePassword: (edgeId, password) => password.toString() === `pw-${edgeId}`,
      onCredentialRevoked: () => () => {},
      sink: dispatcher,
      log: quietLogger,
    },
  )
  await broker.start()
  distributor = new PolicyDistributor(
    { models: new SqlitePolicyModelReader(hub.connection), versions, bus: broker, signingKey: keys, clock: systemClock, log: quietLogger },
    { baseTopic: BASE },
  )
  const app = buildHubApp({
    log: quietLogger,
    authenticate: () => null,
    routes: [policyRoutes({ versions, policyStatus: distributor, verifyEdgePassword: (edgeId, password) => password === `pw-${edgeId}` })],
  })
  const httpUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    distributor,
    mqttPort: broker.portOf('mqtt') ?? 0,
    httpUrl,
    stop: async () => {
      await distributor!.stop()
      await app.close()
      await broker.stop()
    },
  }
}

/** `node dist/bench/hub-policy-benchmarks.js [--quick]` runs these alone. */
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await hubPolicyBenchmarks(process.argv.includes('--quick')))
}
