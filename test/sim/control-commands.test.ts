import t from 'tap'
import { parseControlCommand } from '../../firmware-sim/src/control/control-command.js'
import { applyControlCommand, type SimulatorRig } from '../../firmware-sim/src/control/apply-control-command.js'
import { SimulatedDoorBoard } from '../../firmware-sim/src/gpio/simulated-door-board.js'
import { readerConfig } from '../../firmware-sim/src/osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { SimulatedQrScanner } from '../../firmware-sim/src/qr/simulated-qr-scanner.js'
import { SimulatedThermometer } from '../../firmware-sim/src/thermometer/simulated-thermometer.js'
import { FaultyLine } from '../../firmware-sim/src/transports/faulty-line.js'
import { ManualClock } from '../fakes/manual-clock.js'

function rig(): SimulatorRig & { unplugs: string[] } {
  const clock = new ManualClock()
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1 }), clock)
  const unplugs: string[] = []
  return {
    clock,
    reader,
    thermometer: new SimulatedThermometer({ clock, random: () => 0.5 }),
    scanner: new SimulatedQrScanner(),
    doorBoard: new SimulatedDoorBoard(clock, 'fail-secure'),
    line: new FaultyLine(reader, clock),
    transport: { unplug: () => void unplugs.push('unplug'), replug: () => void unplugs.push('replug') },
    unplugs,
  }
}

async function run(target: SimulatorRig, line: string): Promise<string> {
  const parsed = parseControlCommand(line)
  if (!parsed.ok) return `error: ${parsed.error}`
  return applyControlCommand(target, parsed.command)
}

t.test('parses every documented command and rejects malformed ones with a usage line', async (t) => {
  const good = [
    'card 212 7041', 'card 35284 7041 w34', 'bits 0110', 'pin 1234#', 'exit', 'force', 'door open', 'door closed',
    'tamper on', 'power fail', 'temp 37.8', 'temp none', 'ambient -5', 'scenario sunlight', 'qr GH1.abc def',
    'unplug', 'replug', 'fault corrupt 2', 'fault drop', 'fault busy 1', 'fault delay 300', 'fault split on',
    'fault garbage 00 FF', 'status', 'help',
  ]
  for (const line of good) t.equal(parseControlCommand(line).ok, true, line)
  const bad: [string, RegExp][] = [
    ['card 212', /usage: card/],
    ['card 1 2 w99', /unknown card format/],
    ['bits 012', /usage: bits/],
    ['pin 12a', /usage: pin/],
    ['door ajar', /usage: door/],
    ['temp hot', /usage: temp/],
    ['scenario rain', /usage: scenario/],
    ['qr', /usage: qr/],
    ['fault delay 999999', /usage: fault delay/],
    ['fault garbage XYZ', /usage: fault garbage/],
    ['fault melt', /usage: fault/],
    ['launch', /unknown command "launch"/],
  ]
  for (const [line, message] of bad) {
    const parsed = parseControlCommand(line)
    t.equal(parsed.ok, false, line)
    if (!parsed.ok) t.match(parsed.error, message, line)
  }
})

t.test('control lines act on the devices they name', async (t) => {
  const target = rig()
  t.equal(await run(target, 'card 212 7041'), 'ok card 212/7041')
  t.equal(target.reader!.events.length, 1)
  t.equal(await run(target, 'force'), 'ok door open')
  t.same(target.reader!.inputs, [true, false])
  t.equal(target.doorBoard!.isDoorOpen, true)
  t.equal(await run(target, 'exit'), 'ok exit button pressed')
  t.equal(target.doorBoard!.read('exitButton'), 0)
  ;(target.clock as ManualClock).advance(1000)
  t.equal(target.doorBoard!.read('exitButton'), 1, 'the exit button is released after a second')
  t.same(target.reader!.inputs, [true, false])
  t.equal(await run(target, 'fault corrupt 2'), 'ok fault corrupt')
  t.equal(target.line!.corruptNext, 2)
  t.equal(await run(target, 'fault busy 1'), 'ok next 1 replies BUSY')
  t.equal(target.reader!.busyReplies, 1)
  t.equal(await run(target, 'unplug'), 'ok unplugged')
  t.same(target.unplugs, ['unplug'])
  t.match(await run(target, 'status'), /^ok \{"reader":\{"address":1/)
  t.equal(await run(target, 'temp 38.2'), 'ok forehead 38.2 °C')
  t.equal(await run(target, 'qr HELLO'), 'ok scanned')
})

t.test('a command for a device the simulator does not have is an error, not a crash', async (t) => {
  const clock = new ManualClock()
  const scannerOnly: SimulatorRig = { clock, scanner: new SimulatedQrScanner() }
  t.equal(await run(scannerOnly, 'card 1 2'), 'error: this simulator has no card reader')
  t.equal(await run(scannerOnly, 'temp 37'), 'error: this simulator has no thermometer')
  t.equal(await run(scannerOnly, 'fault corrupt 1'), 'error: this simulator has no faulty line')
  t.equal(await run(scannerOnly, 'unplug'), 'error: this simulator has no pluggable transport')
})
