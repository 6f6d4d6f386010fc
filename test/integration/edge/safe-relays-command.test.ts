import t, { type Test } from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SimulatedDoorBoard } from '../../../firmware-sim/src/gpio/simulated-door-board.js'
import { readerConfig } from '../../../firmware-sim/src/osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { DoorBoardGpio } from '../../../edge/src/adapters/gpio/door-board-gpio.js'
import type { GpioChipBase } from '../../../edge/src/adapters/gpio/gpio-chip-base.js'
import { OnoffGpio } from '../../../edge/src/adapters/gpio/onoff-gpio.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import type { EdgeHardware } from '../../../edge/src/assembly/edge-hardware.js'
import type { GpioPinFactory } from '../../../edge/src/ports/gpio-pin.js'
import { runSafeRelaysCommand } from '../../../edge/src/safe-relays/safe-relays-command.js'
import { GpioLockRelay } from '../../../edge/src/services/gpio-lock-relay.js'
import { FakeOnoff } from '../../fakes/fake-onoff.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { MemorySecretStore } from '../../fakes/memory-secret-store.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { SimulatedHardware } from '../../fakes/simulated-hardware.js'

const PI5_BOOKWORM: GpioChipBase = { chip: 'gpiochip571', label: 'pinctrl-rp1', base: 571, lineCount: 54, gpioClassDir: '/sys/class/gpio' }
const HUB = { url: 'mqtt://127.0.0.1:1', httpUrl: 'http://127.0.0.1:1', username: 'gate-1', passwordFile: '/nonexistent/password', hubPublicKey: `${'A'.repeat(43)}=` }

function writeConfig(t: Test, config: Record<string, unknown>): string {
  const path = join(t.testdir(), 'edge.json')
  writeFileSync(path, JSON.stringify({ edgeId: 'gate-1', hub: HUB, ...config }))
  return path
}

function gpioDoor(id: string, failMode: string, line: number, isActiveLow: boolean) {
  return { id, failMode, lock: { kind: 'gpio', line, isActiveLow }, entries: [{ reader: 'gate-in', direction: 'in' }] }
}

const WIEGAND_READER = { id: 'gate-in', d0Line: 5, d1Line: 6 }

function gpioHardware(gpio: GpioPinFactory): EdgeHardware {
  const log = new SilentLogger()
  return {
    clock: systemClock,
    log,
    linkFactory: () => {
      throw new Error('no serial link expected')
    },
    gpio,
    secrets: new MemorySecretStore(),
    wiegandCapture: null,
  }
}

async function run(argv: string[], openHardware: () => Promise<EdgeHardware> | EdgeHardware) {
  const out: string[] = []
  const err: string[] = []
  const code = await runSafeRelaysCommand(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, async () => openHardware())
  return { code, out, err }
}

t.test('opens each GPIO relay at its safe raw level, writes it again and lets go, on the Pi 5 numbering', async (t) => {
  const onoff = new FakeOnoff()
  const path = writeConfig(t, {
    wiegandReaders: [WIEGAND_READER],
    doors: [gpioDoor('strike-door', 'fail-secure', 17, true), gpioDoor('maglock-door', 'fail-safe', 22, true)],
  })
  const result = await run(['--config', path], () => gpioHardware(new OnoffGpio(onoff.GpioClass, PI5_BOOKWORM, new SilentLogger())))
  t.equal(result.code, 0, result.err.join('\n'))
  t.same(onoff.callsTo(571 + 17), ['construct "high" "none" {"activeLow":true,"reconfigureDirection":false}', 'writeSync 0', 'writeSync 0', 'writeSync 0', 'unwatchAll', 'unexport'], 'strike: coil off on an active-low board is raw high; never a 1')
  t.same(onoff.callsTo(571 + 22), ['construct "low" "none" {"activeLow":true,"reconfigureDirection":false}', 'writeSync 1', 'writeSync 1', 'writeSync 1', 'unwatchAll', 'unexport'], 'maglock: coil on, never a 0')
  t.same(result.out, ['strike-door: gpio line 17: safe (fail-secure: locked, line released)', 'maglock-door: gpio line 22: safe (fail-safe: locked, line released)'])
  t.same(onoff.calls.map((call) => call.gpio).filter((gpio) => gpio !== 588 && gpio !== 593), [], 'the Wiegand lines are not touched')
})

t.test('relocks a strike a crashed daemon left unlocked mid-pulse, and relocking pulses nothing', async (t) => {
  // The crashed daemon's clock never moves again: its relock timer never fires.
  const frozen = new ManualClock()
  const board = new SimulatedDoorBoard(frozen, 'fail-secure')
  const gpio = new DoorBoardGpio(board)
  const crashed = new GpioLockRelay(gpio, frozen, new SilentLogger(), { doorId: 'gate', line: 17, lockKind: 'fail-secure', isActiveLow: false, pulseMs: 60_000 })
  crashed.start()
  crashed.pulse()
  t.equal(board.isLocked, false, 'the daemon died with the strike open')
  const pulsesBefore = board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER)
  const path = writeConfig(t, { gpio: { backend: 'simulated' }, osdpBuses: [], doors: [{ ...gpioDoor('gate', 'fail-secure', 17, false), entries: [{ reader: 'qr-1', direction: 'in' }] }], qrScanners: [{ id: 'qr-1', link: '/dev/ttyUSB9' }] })
  const result = await run(['--config', path], () => gpioHardware(new DoorBoardGpio(board)))
  t.equal(result.code, 0, result.err.join('\n'))
  t.equal(board.isLocked, true)
  t.equal(board.relayPulsesBetween(0, Number.MAX_SAFE_INTEGER), pulsesBefore, 'no new rising edge of the relay')
})

function osdpConfig(lockKind: 'fail-secure' | 'fail-safe') {
  return {
    osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'gate-in', address: 1, security: 'plain' }] }],
    thermometers: [{ id: 'thermo-1', link: 'sim://thermo-1' }],
    doors: [{ id: 'east-gate', failMode: lockKind, lock: { kind: 'osdp', reader: 'gate-in', output: 0 }, thermometer: 'thermo-1', entries: [{ reader: 'gate-in', direction: 'in' }] }],
  }
}

t.test('sets an OSDP output a hold-open left on back to the safe state, and only opens the lock buses', async (t) => {
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 1 }), systemClock)
  reader.door.applyOutput({ output: 0, action: 'permanent-on', timerMs: 0 })
  const hardware = new SimulatedHardware(systemClock, new SilentLogger(), { 'bus-1': reader })
  t.teardown(() => hardware.close())
  const result = await run(['--config', writeConfig(t, osdpConfig('fail-secure'))], () => hardware)
  t.equal(result.code, 0, result.err.join('\n'))
  t.same(reader.door.outputs, [false], 'a fail-secure strike rests unpowered')
  t.same(result.out, ['east-gate: osdp reader gate-in output 0: safe (fail-secure: safe state acknowledged by the reader)'])
})

t.test('powers a fail-safe maglock on an OSDP output', async (t) => {
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 1 }), systemClock)
  const hardware = new SimulatedHardware(systemClock, new SilentLogger(), { 'bus-1': reader })
  t.teardown(() => hardware.close())
  const result = await run(['--config', writeConfig(t, osdpConfig('fail-safe'))], () => hardware)
  t.equal(result.code, 0, result.err.join('\n'))
  t.same(reader.door.outputs, [true])
})

t.test('names a lock whose reader stays silent and exits 1 after the timeout', async (t) => {
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 1 }), systemClock)
  const hardware = new SimulatedHardware(systemClock, new SilentLogger(), { 'bus-1': reader })
  t.teardown(() => hardware.close())
  hardware.lines.get('bus-1')!.isUnplugged = true
  const result = await run(['--config', writeConfig(t, osdpConfig('fail-secure')), '--timeout-ms', '300'], () => hardware)
  t.equal(result.code, 1)
  t.same(result.err, ['east-gate: osdp reader gate-in output 0: NOT SAFE (reader gate-in not online within 300 ms)'])
})

t.test('refuses a bad config, a missing --config and a bad timeout with exit 2, touching no hardware', async (t) => {
  let opened = 0
  const open = () => (opened++, gpioHardware(new OnoffGpio(new FakeOnoff().GpioClass, PI5_BOOKWORM, new SilentLogger())))
  const bad = await run(['--config', writeConfig(t, { doors: [gpioDoor('Bad Door', 'fail-secure', 99, false)] })], open)
  t.equal(bad.code, 2)
  t.match(bad.err.join('\n'), /invalid configuration:[\s\S]*\/doors\/0\/id[\s\S]*\/doors\/0\/lock/)
  t.equal((await run([], open)).code, 2)
  t.equal((await run(['--config', '/nonexistent/edge.json'], open)).code, 2)
  t.equal((await run(['--config', writeConfig(t, { doors: [gpioDoor('gate', 'fail-secure', 17, false)], wiegandReaders: [WIEGAND_READER] }), '--timeout-ms', 'soon'], open)).code, 2)
  t.equal(opened, 0)
  const help = await run(['--help'], open)
  t.equal(help.code, 0)
  t.match(help.out.join('\n'), /--config FILE[\s\S]*--timeout-ms MS/)
})
