/**
 * A real hub (HTTP on port 0, ManualClock) over a seeded community for the monitoring screens'
 * browser tests: staff accounts with passwords, and edge messages fed through the hub's own
 * ingest (the same dispatcher the broker hands them to), so the live feed announces them.
 */
import { join } from 'node:path'
import type { Test } from 'tap'
import { ScryptPasswordHasher } from '../../hub/src/adapters/crypto/scrypt-password-hasher.js'
import { HubRuntime } from '../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../hub/src/config/load-hub-config.js'
import type { AccessEvent } from '../../protocol/mqtt/messages/access-event.js'
import type { Alarm } from '../../protocol/mqtt/messages/alarm.js'
import type { EdgeStatus } from '../../protocol/mqtt/messages/edge-status.js'
import { edgeTopic } from '../../protocol/mqtt/topics.js'
import { seedCommunity, type SeededCommunity } from '../fakes/hub-community-seed.js'
import { MONDAY_10AM_MS, accessEvent, alarm, edgeStatus, iso } from '../fakes/hub-ingest-fixtures.js'
import { ManualClock } from '../fakes/manual-clock.js'
import { SilentLogger } from '../fakes/silent-logger.js'

export const PASSWORD = 'monitoring-test-password-1'

export interface MonitoringHub {
  /** The hub now running (a new one after `restart`). */
  readonly runtime: HubRuntime
  readonly baseUrl: string
  readonly clock: ManualClock
  readonly community: SeededCommunity
  /** Usernames with PASSWORD: `admin`, `grid-manager-1` (grid 0), `grid-manager-2`, `landlord-1`. */
  readonly usernames: { readonly admin: string; readonly gridManager: string; readonly landlord: string }
  /** Feeds one access event from `edgeId` (seq counted per edge); returns it. */
  event(edgeId: string, overrides?: Partial<AccessEvent>): AccessEvent
  status(edgeId: string, overrides?: Partial<EdgeStatus>): void
  alarm(edgeId: string, overrides?: Partial<Alarm>): void
  personName(personId: string): string
  /** Stops the hub (ending every live stream), or starts it again on the same port and data. */
  stop(): Promise<void>
  start(): Promise<void>
}

/** The seeded hub, listening on 127.0.0.1; closed at the test's end. */
export async function startMonitoringHub(t: Test, nowMs = MONDAY_10AM_MS + 60_000): Promise<MonitoringHub> {
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(t.testdir(), 'data'), http: { port: 0 }, mqtt: { port: 0 } }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const clock = new ManualClock(nowMs)
  let runtime = new HubRuntime({ config: loaded.value, clock, log: new SilentLogger() })
  let isRunning = true
  const stop = async () => {
    if (!isRunning) return
    isRunning = false
    await runtime.app.close()
    runtime.database.close()
  }
  t.teardown(stop)
  const connection = () => runtime.database.connection
  const community = seedCommunity(connection(), { households: 8, grids: 2 })
  const hash = await new ScryptPasswordHasher().hash(PASSWORD)
  connection().prepare(`UPDATE accounts SET password_hash = ? WHERE id IN ('acc-admin', 'acc-grid-manager-1', 'acc-grid-manager-2', 'acc-landlord-1')`).run(hash)
  await runtime.app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = runtime.app.server.address() as { port: number }
  const baseTopic = loaded.value.baseTopic
  const seqs = new Map<string, number>()
  const nextSeq = (edgeId: string) => {
    const seq = (seqs.get(edgeId) ?? 0) + 1
    seqs.set(edgeId, seq)
    return seq
  }
  const feed = (edgeId: string, kind: 'event' | 'status' | 'alarm', message: unknown) => {
    const outcome = runtime.ingest.dispatcher.accept(edgeId, edgeTopic(baseTopic, kind, edgeId), Buffer.from(JSON.stringify(message)))
    if (outcome.status !== 'stored') throw new Error(`${kind} not stored: ${JSON.stringify(outcome)}`)
  }
  return {
    get runtime() {
      return runtime
    },
    baseUrl: `http://127.0.0.1:${port}`,
    clock,
    community,
    usernames: { admin: 'admin', gridManager: 'grid-manager-1', landlord: 'landlord-1' },
    event(edgeId, overrides = {}) {
      const seq = nextSeq(edgeId)
      const event = accessEvent(seq, { edgeId, occurredAt: iso(clock.now()), ...overrides })
      feed(edgeId, 'event', event)
      return event
    },
    status(edgeId, overrides = {}) {
      feed(edgeId, 'status', edgeStatus({ edgeId, at: iso(clock.now()), ...overrides }))
    },
    alarm(edgeId, overrides = {}) {
      feed(edgeId, 'alarm', alarm(nextSeq(edgeId), { edgeId, at: iso(clock.now()), ...overrides }))
    },
    stop,
    async start() {
      if (isRunning) return
      runtime = new HubRuntime({ config: loaded.value, clock, log: new SilentLogger() })
      isRunning = true
      await runtime.app.listen({ host: '127.0.0.1', port })
    },
    personName(personId) {
      return connection().prepare<[string], { display_name: string }>('SELECT display_name FROM persons WHERE id = ?').get(personId)?.display_name ?? personId
    },
  }
}
