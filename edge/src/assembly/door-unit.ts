import { randomUUID } from 'node:crypto'
import type { AccessEvent, DenyReason } from '../../../protocol/mqtt/messages/access-event.js'
import { credentialLookupKey, type CredentialRead } from '../../../protocol/policy/credential-lookup-key.js'
import { OsdpLockRelay } from '../adapters/osdp/osdp-lock-relay.js'
import { ThermometerTemperatureSource } from '../adapters/thermometer/thermometer-temperature-source.js'
import type { DoorConfig } from '../config/edge-config.js'
import type { DecisionContext, PresentedAs } from '../domain/access-request.js'
import type { DoorInputEvent } from '../domain/door-events.js'
import type { PolicyView } from '../domain/policy-view.js'
import { maskTail } from '../domain/masking.js'
import type { TimerHandle } from '../ports/clock.js'
import type { Journal } from '../ports/journal.js'
import type { LockRelay } from '../ports/lock-relay.js'
import type { ReplayCache } from '../ports/replay-cache.js'
import type { PassageRecorder } from '../ports/temperature-source.js'
import { AlarmJournal } from '../services/alarm-journal.js'
import { DoorSupervisor } from '../services/door-supervisor.js'
import { GpioDoorInputs } from '../services/gpio-door-inputs.js'
import { GpioLockRelay } from '../services/gpio-lock-relay.js'
import { KioskService } from '../services/kiosk-service.js'
import { QrCredentialReader } from '../services/qr-credential-reader.js'
import type { KioskScreens } from '../services/kiosk-screens.js'
import type { KioskTimings } from '../services/kiosk-timings.js'
import { watchOsdpDoorInputs } from '../services/osdp-door-inputs.js'
import type { EdgeHardware } from './edge-hardware.js'
import { kioskLaneFor } from './kiosk-lane-for.js'
import type { SerialDevices } from './serial-devices.js'
import type { WiegandReaders } from './wiegand-readers.js'

/** Bring-up of a reader takes a few exchanges; only after this long is a device "not online" an alarm. */
const DEVICE_START_GRACE_MS = 5_000

export interface DoorUnitDeps {
  readonly edgeId: string
  readonly hardware: EdgeHardware
  readonly devices: SerialDevices
  readonly wiegand: WiegandReaders
  readonly journal: Journal
  readonly policy: PolicyView
  readonly passages: PassageRecorder | null
  readonly replayCache: ReplayCache
  readonly screens: KioskScreens
  readonly decisionContext: () => DecisionContext
  readonly onJournalled: () => void
  /** A latency recorder per kiosk (metrics), by door; none when omitted. */
  readonly kioskTimings?: (doorId: string) => KioskTimings
}

/**
 * One door with everything attached to it: its lock (relay on GPIO or an OSDP output), its
 * supervision (contact, exit button, device alarms), and a kiosk per entry point where people
 * present credentials. Routing of reader events to the right kiosk happens here.
 */
export class DoorUnit {
  readonly config: DoorConfig
  readonly lock: LockRelay
  readonly supervisor: DoorSupervisor
  readonly kiosks = new Map<string, KioskService>()
  readonly #deps: DoorUnitDeps
  readonly #alarms: AlarmJournal
  #gpioInputs: GpioDoorInputs | undefined
  /** The start-up grace checks of the door's devices, cleared on stop. */
  readonly #graceTimers: TimerHandle[] = []

  constructor(config: DoorConfig, deps: DoorUnitDeps) {
    this.config = config
    this.#deps = deps
    const { hardware } = deps
    const log = hardware.log.child({ component: 'door', door: config.id })
    this.#alarms = new AlarmJournal(deps.edgeId, deps.journal, log, deps.onJournalled)
    this.lock = this.#buildLock()
    this.supervisor = new DoorSupervisor(hardware.clock, { doorId: config.id, exitWindowMs: 10_000, grantGraceMs: 5_000, heldOpenLimitMs: config.heldOpenAfterMs })
    for (const entry of config.entries) {
      const thermometer = config.thermometer === null ? null : deps.devices.thermometers.get(config.thermometer)
      this.kiosks.set(
        entry.reader,
        new KioskService({
          edgeId: deps.edgeId,
          lane: () => kioskLaneFor(config, entry, deps.policy, thermometer?.health.state === 'online'),
          policy: deps.policy,
          journal: deps.journal,
          lock: this.lock,
          screens: deps.screens,
          temperature: thermometer ? new ThermometerTemperatureSource(thermometer) : null,
          passages: deps.passages,
          signal: (pattern) => deps.devices.panelOfReader.get(entry.reader)?.feedback(entry.reader, pattern) ?? Promise.resolve(),
          decisionContext: deps.decisionContext,
          onGranted: (doorId, untilMs) => this.supervisor.handle({ kind: 'AccessGranted', doorId, atMs: hardware.clock.now(), untilMs }),
          onJournalled: deps.onJournalled,
          clock: hardware.clock,
          log: log.child({ reader: entry.reader }),
          ...(deps.kioskTimings !== undefined && { timings: deps.kioskTimings(config.id) }),
        }),
      )
    }
  }

  /** The relay goes to its safe state before anything else of the door starts. */
  startLock(): void {
    this.lock.start()
  }

  start(): void {
    const { hardware, devices } = this.#deps
    this.supervisor.start((change) => void this.#alarms.record(change))
    this.#watchInputs()
    for (const [reader, kiosk] of this.kiosks) {
      kiosk.start()
      const panel = devices.panelOfReader.get(reader)
      panel?.on('credentialRead', (read) => {
        if (read.name === reader) this.#present(kiosk, 'card', { kind: 'card', format: read.format, facility: read.facility, card: read.card })
      })
      panel?.on('pinEntered', (entry) => {
        if (entry.name === reader) this.#present(kiosk, 'pin', { kind: 'pin', digits: entry.pin })
      })
    }
    this.#watchWiegandReaders()
    this.#watchQrScanner()
    this.#watchDeviceHealth()
    hardware.log.info({ door: this.config.id, lock: this.config.lock.kind }, 'door ready')
  }

  async stop(): Promise<void> {
    for (const kiosk of this.kiosks.values()) await kiosk.stop()
    this.#gpioInputs?.stop()
    for (const timer of this.#graceTimers.splice(0)) this.#deps.hardware.clock.clearTimeout(timer)
    this.supervisor.stop()
    this.lock.stop()
  }

  #buildLock(): LockRelay {
    const { config } = this
    const { hardware, devices } = this.#deps
    const log = hardware.log.child({ component: 'lock', door: config.id })
    if (config.lock.kind === 'gpio') {
      if (hardware.gpio === null) throw Object.assign(new Error(`door ${config.id} needs GPIO`), { code: 'CONFIG_INVALID' })
      return new GpioLockRelay(hardware.gpio, hardware.clock, log, {
        doorId: config.id,
        line: config.lock.line,
        lockKind: config.failMode,
        isActiveLow: config.lock.isActiveLow,
        pulseMs: config.pulseMs,
      })
    }
    const panel = devices.panelOfReader.get(config.lock.reader)!
    return new OsdpLockRelay(panel, hardware.clock, log, { reader: config.lock.reader, output: config.lock.output, lockKind: config.failMode, pulseMs: config.pulseMs })
  }

  #present(kiosk: KioskService, presentedAs: PresentedAs, read: CredentialRead): void {
    const key = credentialLookupKey(read)
    if (!key.ok) {
      this.#deps.hardware.log.warn({ door: this.config.id, code: key.code }, 'credential not usable')
      return
    }
    void kiosk.submit({ type: 'credential-presented', credential: { presentedAs, lookupKey: key.lookupKey }, isReplay: false })
  }

  #watchInputs(): void {
    const { config } = this
    const { hardware, devices } = this.#deps
    const onEvent = (event: DoorInputEvent) => this.supervisor.handle(event)
    const { contact, exitButton } = config
    if (hardware.gpio !== null && (contact?.kind === 'gpio' || exitButton?.kind === 'gpio')) {
      this.#gpioInputs = new GpioDoorInputs(hardware.gpio, hardware.clock, {
        doorId: config.id,
        ...(contact?.kind === 'gpio' && { contact: { line: contact.line, openLevel: contact.isActiveLow ? 0 : 1, debounceMs: 30 } }),
        ...(exitButton?.kind === 'gpio' && { exitButton: { line: exitButton.line, pressedLevel: exitButton.isActiveLow ? 0 : 1, debounceMs: 30 } }),
      })
      this.#gpioInputs.start(onEvent)
    }
    for (const [field, input] of [['contact', contact], ['exitButton', exitButton]] as const) {
      if (input?.kind !== 'osdp') continue
      const panel = devices.panelOfReader.get(input.reader)
      if (panel === undefined) continue
      watchOsdpDoorInputs(panel, hardware.clock, {
        doorId: config.id,
        contact: field === 'contact' ? { reader: input.reader, input: input.input } : null,
        exitButton: field === 'exitButton' ? { reader: input.reader, input: input.input } : null,
      }, onEvent)
    }
  }

  /**
   * Cards from Wiegand readers go to the kiosk of their entry, as OSDP cards do. A capture fault
   * (gpiomon exited, a pin that cannot be watched) raises READER_OFFLINE; the next frame from the
   * reader, good or bad, shows the capture works again and clears it.
   */
  #watchWiegandReaders(): void {
    const { wiegand, hardware } = this.#deps
    const ids = new Set(this.config.entries.map((entry) => entry.reader).filter((reader) => wiegand.readers.has(reader)))
    if (ids.size === 0) return
    wiegand.on('event', (event) => {
      if (!ids.has(event.readerId)) return
      const condition = event.kind === 'WiegandCaptureFailed' ? 'ConditionRaised' : 'ConditionCleared'
      const detail = event.kind === 'WiegandCaptureFailed' ? { detail: event.code } : {}
      this.supervisor.handle({ kind: condition, alarm: 'READER_OFFLINE', device: event.readerId, atMs: hardware.clock.now(), ...detail })
      const kiosk = this.kiosks.get(event.readerId)
      if (event.kind === 'WiegandCardRead' && kiosk !== undefined) {
        this.#present(kiosk, 'card', { kind: 'card', format: event.format, facility: event.facility, card: event.card })
      }
    })
  }

  /** Phone codes from the door's scanner go to its entering kiosk; refusals show at once. */
  #watchQrScanner(): void {
    const { config } = this
    const { devices, hardware } = this.#deps
    const scanner = config.qrScanner === null ? undefined : devices.scanners.get(config.qrScanner)
    const entry = config.entries.find((candidate) => candidate.direction === 'in') ?? config.entries[0]
    const kiosk = entry === undefined ? undefined : this.kiosks.get(entry.reader)
    if (scanner === undefined || kiosk === undefined) return
    const reader = new QrCredentialReader({
      policy: this.#deps.policy,
      replayCache: this.#deps.replayCache,
      decisionContext: this.#deps.decisionContext,
      log: hardware.log.child({ component: 'qr', door: config.id }),
    })
    scanner.on('scanned', (scan) => {
      const reading = reader.read(scan)
      if (reading.kind === 'presented') return void kiosk.submit(reading.event)
      this.#deps.screens.showDecision(config.id, hardware.clock.now(), { granted: false, reason: reading.denyReason })
      if (reading.keyId !== undefined) void this.#journalQrRefusal(entry!, reading.keyId, reading.denyReason, scan.atMs)
    })
  }

  /** A refused code from an enrolled phone is an attempt like any other: journalled, denied. */
  async #journalQrRefusal(entry: DoorConfig['entries'][number], keyId: string, reason: DenyReason, atMs: number): Promise<void> {
    const { policy, journal, edgeId, hardware } = this.#deps
    const personId = policy.phoneKey(keyId)?.personId
    const message: Omit<AccessEvent, 'seq'> = {
      v: 1,
      id: randomUUID(),
      edgeId,
      occurredAt: new Date(atMs).toISOString(),
      doorId: this.config.id,
      direction: entry.direction,
      lane: entry.lane,
      credential: { kind: 'qr', maskedReference: maskTail(keyId) },
      decision: { granted: false, reason },
      policyVersion: policy.meta()?.version ?? 0,
      ...(personId !== undefined && { personId }),
    }
    try {
      await journal.append({ kind: 'event', message })
      this.#deps.onJournalled()
    } catch (error) {
      hardware.log.error({ door: this.config.id, code: (error as { code?: string }).code }, 'refused QR attempt not journalled')
    }
  }

  #watchDeviceHealth(): void {
    const { config } = this
    const { hardware, devices } = this.#deps
    const condition = (alarm: 'READER_OFFLINE' | 'TAMPER' | 'POWER_FAILURE' | 'THERMOMETER_OFFLINE' | 'QR_SCANNER_OFFLINE', device: string, isRaised: boolean, detail?: string) =>
      this.supervisor.handle({ kind: isRaised ? 'ConditionRaised' : 'ConditionCleared', alarm, device, atMs: hardware.clock.now(), ...(detail !== undefined && { detail }) })
    const readers = new Set(config.entries.map((entry) => entry.reader).filter((name) => devices.panelOfReader.has(name)))
    if (config.lock.kind === 'osdp') readers.add(config.lock.reader)
    for (const reader of readers) {
      const panel = devices.panelOfReader.get(reader)!
      // A reader that never comes up after a start is an alarm too, after a short grace period.
      this.#graceTimers.push(hardware.clock.setTimeout(() => {
        if (panel.readers.find((candidate) => candidate.name === reader)?.state !== 'online') {
          condition('READER_OFFLINE', reader, true, 'not online since start')
        }
      }, DEVICE_START_GRACE_MS))
      panel.on('readerOnline', (event) => event.name === reader && condition('READER_OFFLINE', reader, false))
      panel.on('readerOffline', (event) => event.name === reader && condition('READER_OFFLINE', reader, true, event.reason))
      panel.on('securityRefused', (event) => event.name === reader && condition('READER_OFFLINE', reader, true, `secure channel refused: ${event.reason}`))
      panel.on('localStatusChanged', (event) => {
        if (event.name !== reader) return
        condition('TAMPER', reader, event.isTampered)
        condition('POWER_FAILURE', reader, event.hasPowerFailure)
      })
    }
    const thermometer = config.thermometer === null ? undefined : devices.thermometers.get(config.thermometer)
    if (thermometer !== undefined && config.thermometer !== null) {
      const id = config.thermometer
      thermometer.on('health', (health) => condition('THERMOMETER_OFFLINE', id, health.state !== 'online', health.detail))
      // Silent since start, the driver never leaves its initial 'offline' and reports no change.
      this.#graceTimers.push(hardware.clock.setTimeout(() => {
        if (thermometer.health.state !== 'online') condition('THERMOMETER_OFFLINE', id, true, 'no readings since start')
      }, DEVICE_START_GRACE_MS))
    }
  }
}
