/**
 * The real assembled edge (EdgeRuntime over the SQLite journal, policy cache and replay cache,
 * wired as edge/src/main.ts wires them) against simulated devices, seen from outside: what it committed to its journal and what its kiosk
 * screens showed (the devices' own traces show what its relays did). Every wait is on an event
 * and bounded; nothing sleeps.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { openEdgeDatabase, type EdgeDatabase } from '../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../edge/src/adapters/sqlite/sqlite-journal.js'
import { SqlitePolicyStore } from '../../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { SqliteReplayCache } from '../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { EdgeRuntime } from '../../edge/src/assembly/edge-runtime.js'
import type { HubServices } from '../../edge/src/assembly/hub-services.js'
import type { EdgeConfig } from '../../edge/src/config/edge-config.js'
import type { Clock } from '../../edge/src/ports/clock.js'
import type { GpioPinFactory } from '../../edge/src/ports/gpio-pin.js'
import type { KioskScreen } from '../../edge/src/services/kiosk-screens.js'
import type { SerialDevice } from '../../firmware-sim/src/serial-device.js'
import { encodePolicySnapshot } from '../../protocol/policy/policy-snapshot-codec.js'
import { signPolicySnapshot } from '../../protocol/policy/policy-snapshot-signature.js'
import type { MutableEntities } from '../fakes/policy-rows.js'
import { SilentLogger } from '../fakes/silent-logger.js'
import { SimulatedHardware } from '../fakes/simulated-hardware.js'
import { boundedWait, STORY_WAIT_MS } from './bounded-wait.js'
import { RecordingJournal, type CommittedEntry } from './recording-journal.js'
import { STORY_EDGE_ID, STORY_HUB_KEYS } from './story-config.js'

export const STORY_POLICY_VERSION = 3

type Json = Record<string, unknown>

export interface StoryEdgeSpec {
  readonly config: EdgeConfig
  /** Serial devices by the NAME of their `sim://NAME` link. */
  readonly devices: Record<string, SerialDevice>
  readonly entities: MutableEntities
  /** The system clock when omitted. */
  readonly clock?: Clock
  readonly gpio?: GpioPinFactory | null
  /** Reuse a database file, as a restarted daemon does: its journal and its cached policy. */
  readonly databasePath?: string
  /** Wait until every OSDP reader and thermometer is online before returning (default true). */
  readonly awaitDevices?: boolean
  /** Runs after the edge is built and before it starts: a cable pulled before power-up. */
  readonly beforeStart?: (edge: StoryEdge) => void
}

interface StoryEdgeParts {
  readonly config: EdgeConfig
  readonly clock: Clock
  readonly log: SilentLogger
  readonly hardware: SimulatedHardware
  readonly database: EdgeDatabase
  readonly sqliteJournal: SqliteJournal
  readonly journal: RecordingJournal
  readonly replayCache: SqliteReplayCache
  readonly policy: SqlitePolicyStore
  readonly runtime: EdgeRuntime
}

export class StoryEdge {
  readonly config: EdgeConfig
  readonly clock: Clock
  readonly log: SilentLogger
  readonly hardware: SimulatedHardware
  readonly database: EdgeDatabase
  readonly sqliteJournal: SqliteJournal
  readonly journal: RecordingJournal
  readonly replayCache: SqliteReplayCache
  readonly policy: SqlitePolicyStore
  readonly runtime: EdgeRuntime
  readonly #screens: KioskScreen[] = []
  #hub: HubServices | undefined
  #stopped: Promise<void> | undefined

  constructor(parts: StoryEdgeParts) {
    this.config = parts.config
    this.clock = parts.clock
    this.log = parts.log
    this.hardware = parts.hardware
    this.database = parts.database
    this.sqliteJournal = parts.sqliteJournal
    this.journal = parts.journal
    this.replayCache = parts.replayCache
    this.policy = parts.policy
    this.runtime = parts.runtime
  }

  /**
   * Builds the edge as main.ts does, over simulated hardware. The community's policy arrives as a
   * hub-signed snapshot file applied to the cache (the commissioning path), unless the database
   * already holds it from an earlier run.
   */
  static create(spec: StoryEdgeSpec): StoryEdge {
    const clock = spec.clock ?? systemClock
    const log = new SilentLogger()
    const hardware = new SimulatedHardware(clock, log, spec.devices, spec.gpio ?? null)
    const database = openEdgeDatabase({ path: spec.databasePath ?? join(mkdtempSync(join(tmpdir(), 'edge-story-')), 'edge.db') })
    const sqliteJournal = new SqliteJournal(database, clock, log)
    const journal = new RecordingJournal(sqliteJournal)
    const replayCache = new SqliteReplayCache(database)
    const policy = new SqlitePolicyStore(database, clock, log, { edgeId: STORY_EDGE_ID, hubPublicKey: STORY_HUB_KEYS.publicKey })
    policy.start()
    if (policy.inForce() === null) applyCommunity(policy, spec.entities, clock.now())
    const runtime = new EdgeRuntime(spec.config, hardware, { journal, policy, passages: policy, replayCache })
    return new StoryEdge({ config: spec.config, clock, log, hardware, database, sqliteJournal, journal, replayCache, policy, runtime })
  }

  /** Starts journal and runtime (locks first, as EdgeRuntime does), then waits for the devices. */
  async start(awaitDevices = true): Promise<void> {
    this.runtime.screens.on('changed', (screen) => this.#screens.push(screen))
    this.sqliteJournal.start()
    this.runtime.start()
    if (!awaitDevices) return
    await this.readersOnline()
    for (const id of this.runtime.devices.thermometers.keys()) await this.thermometerOnline(id)
  }

  /** Hub services built over this edge; stopped before the runtime. */
  attachHub(hub: HubServices): void {
    this.#hub = hub
  }

  /** Stops hub services, runtime, devices, journal and database, in that order; idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.#hub?.stop()
      await this.runtime.stop()
      this.hardware.close()
      this.sqliteJournal.stop()
      this.policy.stop()
      this.database.close()
    })()
    return this.#stopped
  }

  /** The AccessEvents committed to the journal, in order. */
  events(): Json[] {
    return this.#committed('event')
  }

  /** The Alarms committed to the journal, in order. */
  alarms(): Json[] {
    return this.#committed('alarm')
  }

  /** Every screen a door showed since start, in order. */
  screensOf(doorId: string): KioskScreen[] {
    return this.#screens.filter((screen) => screen.doorId === doorId)
  }

  /** Resolves with the first committed AccessEvent that matches. */
  waitForEvent(what: string, matches: (event: Json) => boolean): Promise<Json> {
    return this.#waitForCommitted(what, () => this.events().find(matches))
  }

  /** Resolves with the `n`-th committed AccessEvent (1-based). */
  waitForNthEvent(n: number, timeoutMs = STORY_WAIT_MS): Promise<Json> {
    return this.#waitForCommitted(`access event #${n}`, () => this.events()[n - 1], timeoutMs)
  }

  /** Resolves with the first committed Alarm of this kind and state. */
  waitForAlarm(kind: string, state: 'raised' | 'cleared' = 'raised'): Promise<Json> {
    return this.#waitForCommitted(`alarm ${kind} ${state}`, () => this.alarms().find((alarm) => alarm.kind === kind && alarm.state === state))
  }

  /** Resolves with the first screen of the door, shown already or to come, that matches. */
  waitForScreen(doorId: string, what: string, matches: (screen: KioskScreen) => boolean): Promise<KioskScreen> {
    return boundedWait(`${doorId} screen: ${what}`, (done) => {
      const check = () => {
        const found = this.screensOf(doorId).find(matches)
        if (found !== undefined) done(found)
      }
      this.runtime.screens.on('changed', check)
      check()
      return () => this.runtime.screens.off('changed', check)
    })
  }

  /** Resolves once every reader of every bus is online. */
  readersOnline(): Promise<void> {
    const panels = [...this.runtime.devices.panels.values()]
    return boundedWait('every reader online', (done) => {
      const check = () => {
        if (panels.every((panel) => panel.readers.every((reader) => reader.state === 'online'))) done()
      }
      for (const panel of panels) panel.on('readerOnline', check)
      check()
      return () => panels.forEach((panel) => panel.off('readerOnline', check))
    })
  }

  /** Resolves once the thermometer delivers readings. */
  thermometerOnline(id: string): Promise<void> {
    const driver = this.runtime.devices.thermometers.get(id)
    if (driver === undefined) throw new Error(`no thermometer ${id}`)
    return boundedWait(`thermometer ${id} online`, (done) => {
      const check = () => {
        if (driver.health.state === 'online') done()
      }
      driver.on('health', check)
      check()
      return () => driver.off('health', check)
    })
  }

  #committed(kind: CommittedEntry['kind']): Json[] {
    return this.journal.committed.filter((entry) => entry.kind === kind).map((entry) => entry.message)
  }

  #waitForCommitted<T>(what: string, probe: () => T | undefined, timeoutMs = STORY_WAIT_MS): Promise<T> {
    return boundedWait(
      what,
      (done) => {
        const check = () => {
          const found = probe()
          if (found !== undefined) done(found)
        }
        const unsubscribe = this.journal.onCommitted(check)
        check()
        return unsubscribe
      },
      timeoutMs,
    )
  }
}

function applyCommunity(policy: SqlitePolicyStore, entities: MutableEntities, nowMs: number): void {
  const snapshot = signPolicySnapshot(STORY_HUB_KEYS.privateKey, { v: 1, edgeId: STORY_EDGE_ID, version: STORY_POLICY_VERSION, issuedAt: new Date(nowMs).toISOString(), entities })
  const applied = policy.applySignedSnapshot(encodePolicySnapshot(snapshot))
  if (!applied.ok) throw new Error(`the story community is not a valid policy: ${applied.refusal}: ${applied.detail}`)
}

/** Builds and starts a story edge; the test's teardown stops it. */
export async function startStoryEdge(t: Test, spec: StoryEdgeSpec): Promise<StoryEdge> {
  const edge = StoryEdge.create(spec)
  t.teardown(() => edge.stop())
  spec.beforeStart?.(edge)
  await edge.start(spec.awaitDevices ?? true)
  return edge
}
