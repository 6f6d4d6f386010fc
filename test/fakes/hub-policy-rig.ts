/**
 * The policy distributor on a real hub database (seeded with hub-community-seed.ts), a ManualClock
 * and a recording message bus, for the H-policy tests.
 */
import type { Test } from 'tap'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { openHubDatabase, type HubDatabase } from '../../hub/src/adapters/sqlite/open-hub-database.js'
import { SqlitePolicyModelReader } from '../../hub/src/adapters/sqlite/sqlite-policy-model-reader.js'
import { SqlitePolicyVersionStore } from '../../hub/src/adapters/sqlite/sqlite-policy-version-store.js'
import type { HubMessageBus } from '../../hub/src/ports/hub-message-bus.js'
import { PolicyDistributor, type PolicyDistributorOptions } from '../../hub/src/services/policy-distribution/policy-distributor.js'
import { MESSAGE_CATALOG } from '../../protocol/mqtt/message-catalog.js'
import type { PolicyAnnouncement } from '../../protocol/mqtt/messages/policy-announcement.js'
import type { PolicyApplied } from '../../protocol/mqtt/messages/policy-applied.js'
import { parseMessage } from '../../protocol/mqtt/parse-message.js'
import { matchTopic } from '../../protocol/mqtt/topics.js'
import { seedCommunity, type SeedCommunityOptions, type SeededCommunity } from './hub-community-seed.js'
import { ManualClock } from './manual-clock.js'
import { SilentLogger } from './silent-logger.js'

export const BASE_TOPIC = 'gatehouse'

export interface BusPublish {
  readonly topic: string
  readonly payload: Buffer
  readonly retain: boolean
}

/** A HubMessageBus in memory: records every publish; `failNext` makes the next ones fail. */
export class RecordingBus implements HubMessageBus {
  readonly published: BusPublish[] = []
  failures = 0

  async publish(topic: string, payload: Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void> {
    if (this.failures > 0) {
      this.failures--
      throw Object.assign(new Error('broker unavailable'), { code: 'BROKER_DOWN' })
    }
    this.published.push({ topic, payload, retain: options.retain })
  }

  /** Announcements published for `edgeId`, parsed (empty retained clears are skipped). */
  announcementsFor(edgeId: string): PolicyAnnouncement[] {
    return this.published
      .filter((publish) => {
        const matched = matchTopic(BASE_TOPIC, publish.topic)
        return matched?.kind === 'policy' && matched.edgeId === edgeId && publish.payload.length > 0
      })
      .map((publish) => {
        const parsed = parseMessage(MESSAGE_CATALOG.policy.schema, publish.payload, { maxBytes: MESSAGE_CATALOG.policy.maxPayloadBytes })
        if (!parsed.ok) throw new Error(`invalid announcement: ${parsed.errors.join('; ')}`)
        return parsed.value
      })
  }

  latestFor(edgeId: string): PolicyAnnouncement | undefined {
    return this.announcementsFor(edgeId).at(-1)
  }
}

export interface PolicyRig {
  readonly database: HubDatabase
  readonly seeded: SeededCommunity
  readonly clock: ManualClock
  readonly bus: RecordingBus
  readonly keys: { readonly privateKey: KeyObject; readonly publicKey: KeyObject }
  readonly versions: SqlitePolicyVersionStore
  readonly distributor: PolicyDistributor
  readonly log: SilentLogger
  /** Another distributor on the same database and bus (a hub restart); stopped at teardown. */
  restart(): Promise<PolicyDistributor>
  /** The stored snapshot body of a version, uncompressed. */
  bodyOf(edgeId: string, version: number): Buffer
  /** A PolicyApplied report as the edge would send it after applying `announcement`. */
  appliedReport(announcement: PolicyAnnouncement, source?: 'delta' | 'snapshot'): PolicyApplied
}

export const RIG_KEYS = generateKeyPairSync('ed25519')

export async function openPolicyRig(
  t: Test,
  options: { readonly seed?: SeedCommunityOptions; readonly distributor?: Partial<PolicyDistributorOptions>; readonly isStarted?: boolean } = {},
): Promise<PolicyRig> {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  const seeded = seedCommunity(database.connection, options.seed)
  const clock = new ManualClock(seeded.nowMs)
  const bus = new RecordingBus()
  const log = new SilentLogger()
  const reader = new SqlitePolicyModelReader(database.connection)
  const versions = new SqlitePolicyVersionStore(database.connection)
  reader.start()
  versions.start()
  const distributorOptions: PolicyDistributorOptions = { baseTopic: BASE_TOPIC, ...options.distributor }
  const make = () => new PolicyDistributor({ models: reader, versions, bus, signingKey: RIG_KEYS, clock, log }, distributorOptions)
  const distributors = [make()]
  t.teardown(async () => {
    for (const distributor of distributors) await distributor.stop()
    database.close()
  })
  if (options.isStarted !== false) await distributors[0]!.start()
  return {
    database,
    seeded,
    clock,
    bus,
    keys: RIG_KEYS,
    versions,
    distributor: distributors[0]!,
    log,
    async restart() {
      await distributors[0]!.stop()
      const distributor = make()
      distributors.push(distributor)
      await distributor.start()
      return distributor
    },
    bodyOf(edgeId, version) {
      const stored = versions.snapshotBody(edgeId, version)
      if (stored.status !== 'found') throw new Error(`no body for ${edgeId} v${version}: ${stored.status}`)
      return gunzipSync(stored.bodyGzip)
    },
    appliedReport(announcement, source = 'delta') {
      return {
        v: 1,
        edgeId: announcement.edgeId,
        version: announcement.version,
        sha256: announcement.sha256,
        source,
        appliedAt: new Date(clock.now()).toISOString(),
      }
    },
  }
}
