import t from 'tap'
import { once } from 'node:events'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { PeerLink } from '../../../edge/src/adapters/serial/peer-link.js'
import { ThermometerDriver, defaultThermometerDriverOptions } from '../../../edge/src/adapters/thermometer/thermometer-driver.js'
import { QrScannerDriver } from '../../../edge/src/adapters/qr/qr-scanner-driver.js'
import { ResilientLink } from '../../../edge/src/services/resilient-link.js'
import { SimulatedThermometer } from '../../../firmware-sim/src/thermometer/simulated-thermometer.js'
import { SimulatedQrScanner } from '../../../firmware-sim/src/qr/simulated-qr-scanner.js'
import { connectInProcess } from '../../../firmware-sim/src/transports/in-process-link.js'
import { FaultyLine } from '../../../firmware-sim/src/transports/faulty-line.js'
import type { SerialDevice } from '../../../firmware-sim/src/serial-device.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

function linkTo(t: { teardown(fn: () => unknown): void }, device: SerialDevice) {
  const line = new FaultyLine(device, systemClock)
  const peer = connectInProcess(line)
  const link = new ResilientLink(() => new PeerLink(peer), systemClock, new SilentLogger(), { initialRetryMs: 20, maxRetryMs: 50 })
  t.teardown(async () => {
    await link.stop()
    peer.close()
  })
  return { link, line }
}

t.test('reads the forehead temperature the thermometer streams', async (t) => {
  const sim = new SimulatedThermometer({ clock: systemClock, random: () => 0.5, intervalMs: 10 })
  sim.setSubject(36.8)
  const { link } = linkTo(t, sim)
  const driver = new ThermometerDriver(link, systemClock, new SilentLogger(), { ...defaultThermometerDriverOptions, staleAfterMs: 100 })
  driver.start()
  link.start()
  t.teardown(() => driver.stop())
  const [reading] = await once(driver, 'reading')
  t.ok(reading.objectCelsius > 30 && reading.objectCelsius < 40, `object ${reading.objectCelsius} °C`)
  t.equal(driver.health.state, 'online')
})

t.test('asks for readings in query mode', async (t) => {
  const sim = new SimulatedThermometer({ clock: systemClock, random: () => 0.5, intervalMs: 10_000 })
  const { link } = linkTo(t, sim)
  const driver = new ThermometerDriver(link, systemClock, new SilentLogger(), { ...defaultThermometerDriverOptions, mode: 'query', queryIntervalMs: 20 })
  driver.start()
  link.start()
  t.teardown(() => driver.stop())
  await once(driver, 'reading')
  t.equal(sim.mode, 'query')
  await once(driver, 'reading')
  t.ok(driver.readingsSince(0).length >= 2)
})

t.test('reports a silent thermometer stale and counts corrupt frames', async (t) => {
  const sim = new SimulatedThermometer({ clock: systemClock, random: () => 0.5, intervalMs: 10 })
  const { link, line } = linkTo(t, sim)
  const driver = new ThermometerDriver(link, systemClock, new SilentLogger(), { ...defaultThermometerDriverOptions, staleAfterMs: 60 })
  driver.start()
  link.start()
  t.teardown(() => driver.stop())
  await once(driver, 'reading')
  line.corruptNext = 1
  await once(driver, 'reading')
  line.isUnplugged = true
  const [health] = await once(driver, 'health')
  t.equal(health.state, 'stale')
  t.ok((driver.health.errorCounts.BAD_CHECKSUM ?? 0) >= 1)
})

t.test('passes each scanned QR line on and drops malformed ones', async (t) => {
  const scanner = new SimulatedQrScanner()
  const { link } = linkTo(t, scanner)
  const driver = new QrScannerDriver(link, systemClock, new SilentLogger(), 64)
  driver.start()
  link.start()
  await once(link, 'up')
  scanner.scanRaw(Buffer.from('bad\x01line\r\n'))
  scanner.scan('GH1.abc')
  const [scan] = await once(driver, 'scanned')
  t.equal(scan.text, 'GH1.abc')
  t.equal(driver.errorCounts.get('NON_PRINTABLE'), 1)
})
