import type { DeviceHealth as ProtocolDeviceHealth } from '../../../protocol/mqtt/messages/edge-status.js'
import type { EdgeConfig } from '../config/edge-config.js'
import type { DecisionContext } from '../domain/access-request.js'
import type { PolicyView } from '../domain/policy-view.js'
import type { Journal } from '../ports/journal.js'
import type { ReplayCache } from '../ports/replay-cache.js'
import type { KioskTimings } from '../services/kiosk-timings.js'
import type { PassageRecorder } from '../ports/temperature-source.js'
import { DoorModes } from '../services/door-modes.js'
import { KioskScreens } from '../services/kiosk-screens.js'
import { DoorUnit } from './door-unit.js'
import type { EdgeHardware } from './edge-hardware.js'
import { SerialDevices } from './serial-devices.js'
import { WiegandReaders } from './wiegand-readers.js'

/** Before this instant the Pi's clock has not been set (no RTC, no NTP yet): do not trust it. */
const EARLIEST_TRUSTED_MS = Date.UTC(2026, 0, 1)
/** A policy issued this far in our future means our clock is behind. */
const CLOCK_BEHIND_TOLERANCE_MS = 10 * 60_000

export interface EdgeStores {
  readonly journal: Journal
  readonly policy: PolicyView
  readonly passages: PassageRecorder | null
  readonly replayCache: ReplayCache
}

/** Optional observers of the runtime, for metrics. */
export interface EdgeRuntimeObservers {
  /** A latency recorder for each kiosk, by door. */
  readonly kioskTimings?: (doorId: string) => KioskTimings
}

/**
 * The edge's devices and doors, wired together: everything of the daemon except storage and the
 * hub link, which main.ts opens and passes in. Start order puts every lock in its safe state
 * first; stop order ends with the locks, safe again.
 */
export class EdgeRuntime {
  readonly screens: KioskScreens
  readonly devices: SerialDevices
  readonly wiegand: WiegandReaders
  readonly doors: DoorUnit[]
  /** Set by hub commands (LOCK, HOLD_OPEN, RELEASE); a door under LOCK refuses credentials here too. */
  readonly doorModes = new DoorModes()
  readonly #hardware: EdgeHardware
  readonly #stores: EdgeStores
  isHubConnected = false
  onJournalled: () => void = () => {}

  constructor(config: EdgeConfig, hardware: EdgeHardware, stores: EdgeStores, observers: EdgeRuntimeObservers = {}) {
    this.#hardware = hardware
    this.#stores = stores
    this.screens = new KioskScreens(config.doors.map((door) => door.id))
    this.devices = new SerialDevices(config, hardware)
    this.wiegand = new WiegandReaders(config, hardware)
    this.doors = config.doors.map(
      (door) =>
        new DoorUnit(door, {
          edgeId: config.edgeId,
          hardware,
          devices: this.devices,
          wiegand: this.wiegand,
          journal: stores.journal,
          policy: stores.policy,
          passages: stores.passages,
          replayCache: stores.replayCache,
          screens: this.screens,
          decisionContext: () => this.decisionContext(),
          onJournalled: () => this.onJournalled(),
          ...(observers.kioskTimings !== undefined && { kioskTimings: observers.kioskTimings }),
        }),
    )
  }

  decisionContext(): DecisionContext {
    const nowMs = this.#hardware.clock.now()
    const meta = this.#stores.policy.meta()
    const isClockTrusted = nowMs >= EARLIEST_TRUSTED_MS && (meta === null || nowMs >= meta.issuedAtMs - CLOCK_BEHIND_TOLERANCE_MS)
    const policyAgeMs = meta === null ? Number.MAX_SAFE_INTEGER : Math.max(0, nowMs - meta.receivedAtMs)
    return { isClockTrusted, isHubConnected: this.isHubConnected, policyAgeMs, doorsLockedByCommand: this.doorModes.locked }
  }

  start(): void {
    for (const door of this.doors) door.startLock()
    // Doors listen before the devices speak, so the first input status is not missed.
    for (const door of this.doors) door.start()
    this.devices.start()
    this.wiegand.start()
  }

  async stop(): Promise<void> {
    for (const door of this.doors) for (const kiosk of door.kiosks.values()) await kiosk.stop()
    // Locks first, while the buses still run: an OSDP lock's safe state is a command to its
    // controller, which would otherwise finish a pulse it is timing after the daemon is gone.
    await Promise.all(this.doors.map((door) => door.lock.stop()))
    await this.devices.stop()
    await this.wiegand.stop()
    for (const door of this.doors) await door.stop()
  }

  /** EdgeStatus.devices: every reader, thermometer and scanner, and the journal. */
  devicesHealth(): Record<string, ProtocolDeviceHealth> {
    const health: Record<string, ProtocolDeviceHealth> = {}
    for (const panel of this.devices.panels.values()) {
      for (const reader of panel.readers) {
        health[reader.name] = { kind: 'reader', state: reader.state === 'online' ? (reader.isSecure ? 'ok' : 'degraded') : 'offline', detail: reader.isSecure ? 'secure channel' : reader.state }
      }
    }
    for (const [id, reader] of this.wiegand.readers) {
      const errorCounts = boundedCounts(reader.badFrames.toJSON())
      const state = !reader.isCapturing ? 'offline' : reader.badFrames.total > 0 ? 'degraded' : 'ok'
      health[id] = { kind: 'reader', state, detail: reader.captureDescription.slice(0, 160), errorCounts }
    }
    for (const [id, thermometer] of this.devices.thermometers) {
      const { state, detail, errorCounts } = thermometer.health
      health[id] = { kind: 'thermometer', state: state === 'online' ? 'ok' : state === 'stale' ? 'degraded' : 'offline', detail, errorCounts: boundedCounts(errorCounts) }
    }
    for (const [id, scanner] of this.devices.scanners) {
      const { state, detail, errorCounts } = scanner.health
      health[id] = { kind: 'qr-scanner', state: state === 'online' ? 'ok' : 'offline', detail, errorCounts: boundedCounts(errorCounts) }
    }
    const journal = this.#stores.journal.health()
    health.journal = { kind: 'journal', state: journal.isDegraded ? 'degraded' : 'ok', ...(journal.isDegraded && { detail: `${journal.reason ?? ''}`.slice(0, 160) }) }
    return health
  }
}

function boundedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).slice(0, 16))
}
