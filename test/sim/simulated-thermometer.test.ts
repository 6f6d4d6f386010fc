import t from 'tap'
import { fromHex } from '../../protocol/hex.js'
import { encodeThermometerCommand } from '../../protocol/thermometer/thermometer-command.js'
import type { ThermometerReading } from '../../protocol/thermometer/thermometer-frame.js'
import { ThermometerFrameDecoder } from '../../protocol/thermometer/thermometer-frame-decoder.js'
import {
  SimulatedThermometer,
  type SimulatedThermometerOptions,
} from '../../firmware-sim/src/thermometer/simulated-thermometer.js'
import type { ThermometerScenarioName } from '../../firmware-sim/src/thermometer/thermometer-scenarios.js'
import { ManualClock } from '../fakes/manual-clock.js'
import { ByteFuzzer } from '../fuzz/byte-fuzzer.js'

function rig(options: Partial<SimulatedThermometerOptions> = {}) {
  const clock = new ManualClock()
  const random = new ByteFuzzer(7)
  const thermometer = new SimulatedThermometer({ clock, random: () => random.next(), ...options })
  const decoder = new ThermometerFrameDecoder()
  const readings: ThermometerReading[] = []
  const decodeErrors: string[] = []
  thermometer.attach((bytes) => {
    const result = decoder.push(bytes, clock.now())
    readings.push(...result.frames)
    decodeErrors.push(...result.errors.map((error) => error.code))
  })
  return { clock, thermometer, readings, decodeErrors }
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length

function readingsFor(scenario: ThermometerScenarioName, frames = 140): ThermometerReading[] {
  const { clock, thermometer, readings } = rig()
  thermometer.setScenario(scenario)
  thermometer.start()
  while (readings.length < frames) clock.advance(100)
  thermometer.stop()
  return readings
}

t.test('streams valid frames at about 14 Hz from power-up in continuous mode', async (t) => {
  const { clock, thermometer, readings, decodeErrors } = rig()
  thermometer.start()
  clock.advance(1000)
  t.equal(readings.length, 14)
  t.equal(thermometer.framesTransmitted, 14)
  t.same(decodeErrors, [])
  t.equal(thermometer.mode, 'continuous')
  thermometer.stop()
})

t.test('streams at a configured interval', async (t) => {
  const { clock, thermometer, readings } = rig({ intervalMs: 100 })
  thermometer.start()
  clock.advance(1000)
  t.equal(readings.length, 10)
  thermometer.stop()
})

t.test('sends nothing before start', async (t) => {
  const { clock, readings } = rig()
  clock.advance(1000)
  t.equal(readings.length, 0)
})

t.test('in query mode sends one frame per A5 15 BA and nothing else', async (t) => {
  const { clock, thermometer, readings } = rig()
  thermometer.start()
  thermometer.receive(fromHex('A5 15 BA'))
  t.equal(thermometer.mode, 'query')
  clock.advance(1000)
  t.equal(readings.length, 1)
  thermometer.receive(fromHex('A5 15 BA'))
  thermometer.receive(fromHex('A5 15 BA'))
  clock.advance(1000)
  t.equal(readings.length, 3)
  thermometer.receive(encodeThermometerCommand('continuous'))
  clock.advance(1000)
  t.equal(readings.length, 17)
  thermometer.stop()
})

t.test('stops streaming on auto-output off and resumes on auto-output on', async (t) => {
  const { clock, thermometer, readings } = rig()
  thermometer.start()
  clock.advance(500)
  const before = readings.length
  thermometer.receive(fromHex('A5 52 F7'))
  t.equal(thermometer.isAutoOutput, false)
  clock.advance(2000)
  t.equal(readings.length, before)
  thermometer.receive(fromHex('A5 15 BA'))
  clock.advance(100)
  t.equal(readings.length, before + 1, 'a query is still answered')
  thermometer.receive(fromHex('A5 45 EA'))
  clock.advance(1000)
  t.equal(readings.length, before + 1, 'continuous mode alone does not override auto-output off')
  thermometer.receive(fromHex('A5 51 F6'))
  clock.advance(1000)
  t.equal(readings.length, before + 1 + 14)
  thermometer.stop()
})

t.test('remembers a baud rate command and applies it after a power cycle', async (t) => {
  const { clock, thermometer, readings } = rig()
  thermometer.start()
  thermometer.receive(fromHex('A5 AF 54'))
  t.equal(thermometer.pendingBaudRate, 115200)
  t.equal(thermometer.baudRate, 9600)
  thermometer.receive(fromHex('A5 15 BA'))
  thermometer.powerCycle()
  t.equal(thermometer.baudRate, 115200)
  t.equal(thermometer.pendingBaudRate, null)
  t.equal(thermometer.mode, 'continuous')
  clock.advance(1000)
  t.equal(readings.length, 14)
  thermometer.receive(fromHex('A5 AE 53'))
  t.equal(thermometer.pendingBaudRate, 9600)
  thermometer.stop()
})

t.test('counts bad command bytes and otherwise ignores them', async (t) => {
  const { clock, thermometer, readings } = rig()
  thermometer.start()
  thermometer.receive(fromHex('00 11 A5 45 EB A5 10 B5 A5 52'))
  clock.advance(1000)
  t.equal(readings.length, 14, 'still streaming')
  t.equal(thermometer.errorCounts.get('GARBAGE'), 2)
  t.equal(thermometer.errorCounts.get('BAD_CHECKSUM'), 1)
  t.equal(thermometer.errorCounts.get('UNKNOWN_COMMAND'), 1)
  thermometer.receive(fromHex('F7'))
  t.equal(thermometer.isAutoOutput, true, 'the tail of a command cut off by silence is not obeyed')
  t.equal(thermometer.errorCounts.get('PARTIAL_TIMEOUT'), 1)
  thermometer.receive(fromHex('A5 15'))
  thermometer.receive(fromHex('BA'))
  t.equal(thermometer.mode, 'query', 'a command split across writes is obeyed')
  thermometer.stop()
})

t.test('ignores bytes received while stopped', async (t) => {
  const { thermometer } = rig()
  thermometer.receive(fromHex('A5 15 BA'))
  t.equal(thermometer.mode, 'continuous')
})

t.test('reads a normal forehead near 36.5 °C and the ambient near 22 °C', async (t) => {
  const readings = readingsFor('normal')
  t.ok(Math.abs(mean(readings.map((r) => r.objectCelsius)) - 36.5) < 0.03)
  t.ok(Math.abs(mean(readings.map((r) => r.ambientCelsius)) - 22) < 0.03)
})

t.test('reads a cold forehead in winter about 1.5 °C low with ambient near 0 °C', async (t) => {
  const normal = mean(readingsFor('normal').map((r) => r.objectCelsius))
  const winter = readingsFor('winter-cold-forehead')
  t.ok(Math.abs(normal - mean(winter.map((r) => r.objectCelsius)) - 1.5) < 0.05)
  t.ok(Math.abs(mean(winter.map((r) => r.ambientCelsius))) < 0.05)
})

t.test('reads about 1.5 °C high in sunlight with ambient near 35 °C', async (t) => {
  const normal = mean(readingsFor('normal').map((r) => r.objectCelsius))
  const sunlight = readingsFor('sunlight')
  t.ok(Math.abs(mean(sunlight.map((r) => r.objectCelsius)) - normal - 1.5) < 0.05)
  t.ok(Math.abs(mean(sunlight.map((r) => r.ambientCelsius)) - 35) < 0.05)
})

t.test('reads near ambient when no one is in front', async (t) => {
  for (const reading of readingsFor('no-one')) t.ok(Math.abs(reading.objectCelsius - reading.ambientCelsius) < 0.5)
  const { clock, thermometer, readings } = rig()
  thermometer.setAmbient(12)
  thermometer.setSubject(null)
  thermometer.start()
  clock.advance(2000)
  thermometer.stop()
  t.ok(Math.abs(mean(readings.map((r) => r.objectCelsius)) - 12) < 0.05)
})

t.test('reads a scripted subject, keeping the scenario offset', async (t) => {
  const { clock, thermometer, readings } = rig({ noiseSigmaCelsius: 0 })
  thermometer.setScenario('winter-cold-forehead')
  thermometer.setSubject(38.2)
  thermometer.start()
  clock.advance(100)
  thermometer.stop()
  t.same(readings, [{ objectCelsius: 36.7, ambientCelsius: 0 }])
})

t.test('adds noise with the configured deviation', async (t) => {
  const { clock, thermometer, readings } = rig({ noiseSigmaCelsius: 0.2, intervalMs: 10 })
  thermometer.start()
  clock.advance(5000)
  thermometer.stop()
  const objects = readings.map((r) => r.objectCelsius)
  const average = mean(objects)
  const sigma = Math.sqrt(mean(objects.map((value) => (value - average) ** 2)))
  t.ok(sigma > 0.17 && sigma < 0.23, `sigma ${sigma}`)
})

t.test('refuses a subject or ambient outside the sensor range, with code OUT_OF_RANGE', async (t) => {
  const { thermometer } = rig()
  t.throws(() => thermometer.setSubject(400), { code: 'OUT_OF_RANGE' })
  t.throws(() => thermometer.setAmbient(-41), { code: 'OUT_OF_RANGE' })
  t.throws(() => thermometer.setAmbient(Number.NaN), { code: 'OUT_OF_RANGE' })
})

t.test('stop() cancels the stream and pending query replies, leaving no timers', async (t) => {
  const { clock, thermometer, readings } = rig()
  thermometer.start()
  clock.advance(200)
  thermometer.receive(fromHex('A5 15 BA'))
  thermometer.receive(fromHex('A5 15 BA'))
  t.ok(clock.pendingTimers > 0)
  thermometer.stop()
  t.equal(clock.pendingTimers, 0)
  const count = readings.length
  clock.advance(5000)
  t.equal(readings.length, count)
})
