import { once } from 'node:events'
import { OsdpLockRelay } from '../adapters/osdp/osdp-lock-relay.js'
import type { EdgeConfig } from '../config/edge-config.js'
import { GpioLockRelay } from '../services/gpio-lock-relay.js'
import type { EdgeHardware } from './edge-hardware.js'
import { SerialDevices } from './serial-devices.js'

export interface SafeRelayOutcome {
  readonly doorId: string
  /** "gpio line 17" or "osdp reader gate-in output 0". */
  readonly lock: string
  readonly isSafe: boolean
  /** What was done, or why it could not be. */
  readonly detail: string
}

export interface DriveRelaysSafeOptions {
  /** How long an OSDP reader has to come online and acknowledge its output. */
  readonly timeoutMs: number
}

/**
 * Drives every configured lock to its safe state once and lets go, for after a crash or a
 * SIGKILL (systemd's ExecStopPost): a GPIO relay is opened at its safe level and released, as
 * the daemon does on stop; an OSDP output is set to its safe state once its reader is online
 * (the reader otherwise keeps whatever a hold-open left). Opens no database and no hub link.
 */
export async function driveRelaysSafe(config: EdgeConfig, hardware: EdgeHardware, options: DriveRelaysSafeOptions): Promise<SafeRelayOutcome[]> {
  const outcomes: SafeRelayOutcome[] = []
  for (const door of config.doors) {
    if (door.lock.kind !== 'gpio') continue
    outcomes.push(driveGpioLockSafe(door, door.lock, hardware))
  }
  outcomes.push(...(await driveOsdpLocksSafe(config, hardware, options)))
  const order = config.doors.map((door) => door.id)
  return outcomes.sort((a, b) => order.indexOf(a.doorId) - order.indexOf(b.doorId))
}

type Door = EdgeConfig['doors'][number]
type GpioLock = Extract<Door['lock'], { kind: 'gpio' }>
type OsdpLock = Extract<Door['lock'], { kind: 'osdp' }>

function driveGpioLockSafe(door: Door, lock: GpioLock, hardware: EdgeHardware): SafeRelayOutcome {
  const described = `gpio line ${lock.line}`
  if (hardware.gpio === null) return { doorId: door.id, lock: described, isSafe: false, detail: 'no GPIO available' }
  const relay = new GpioLockRelay(hardware.gpio, hardware.clock, hardware.log.child({ component: 'lock', door: door.id }), {
    doorId: door.id,
    line: lock.line,
    lockKind: door.failMode,
    isActiveLow: lock.isActiveLow,
    pulseMs: door.pulseMs,
  })
  try {
    relay.start()
    relay.stop()
    return { doorId: door.id, lock: described, isSafe: true, detail: `${door.failMode}: locked, line released` }
  } catch (error) {
    const code = (error as { code?: string }).code
    return { doorId: door.id, lock: described, isSafe: false, detail: `${code ? `${code}: ` : ''}${(error as Error).message}` }
  }
}

/** Only the buses that carry a lock are opened; thermometers and scanners are left alone. */
async function driveOsdpLocksSafe(config: EdgeConfig, hardware: EdgeHardware, options: DriveRelaysSafeOptions): Promise<SafeRelayOutcome[]> {
  const locks = config.doors.flatMap((door) => (door.lock.kind === 'osdp' ? [{ door, lock: door.lock }] : []))
  if (locks.length === 0) return []
  const lockReaders = new Set(locks.map(({ lock }) => lock.reader))
  const osdpBuses = config.osdpBuses.filter((bus) => bus.readers.some((reader) => lockReaders.has(reader.name)))
  const devices = new SerialDevices({ ...config, osdpBuses, thermometers: [], qrScanners: [] }, hardware)
  devices.start()
  try {
    return await Promise.all(locks.map(({ door, lock }) => driveOsdpLockSafe(door, lock, devices, hardware, options.timeoutMs)))
  } finally {
    await devices.stop()
  }
}

async function driveOsdpLockSafe(door: Door, lock: OsdpLock, devices: SerialDevices, hardware: EdgeHardware, timeoutMs: number): Promise<SafeRelayOutcome> {
  const described = `osdp reader ${lock.reader} output ${lock.output}`
  const panel = devices.panelOfReader.get(lock.reader)!
  const relay = new OsdpLockRelay(panel, hardware.clock, hardware.log.child({ component: 'lock', door: door.id }), {
    reader: lock.reader,
    output: lock.output,
    lockKind: door.failMode,
    pulseMs: door.pulseMs,
  })
  const deadline = new AbortController()
  const timer = hardware.clock.setTimeout(() => deadline.abort(), timeoutMs)
  try {
    const isOnline = () => panel.readers.some((reader) => reader.name === lock.reader && reader.state === 'online')
    while (!isOnline()) await once(panel, 'readerOnline', { signal: deadline.signal })
    await relay.driveSafeState()
    return { doorId: door.id, lock: described, isSafe: true, detail: `${door.failMode}: safe state acknowledged by the reader` }
  } catch (error) {
    if ((error as Error).name === 'AbortError') return { doorId: door.id, lock: described, isSafe: false, detail: `reader ${lock.reader} not online within ${timeoutMs} ms` }
    const code = (error as { code?: string }).code
    return { doorId: door.id, lock: described, isSafe: false, detail: `${code ? `${code}: ` : ''}${(error as Error).message}` }
  } finally {
    hardware.clock.clearTimeout(timer)
  }
}
