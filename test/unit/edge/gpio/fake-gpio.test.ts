import t from 'tap'
import { FakeGpio } from '../../../../edge/src/adapters/gpio/fake-gpio.js'

t.test('records opens, writes and releases in order', async (t) => {
  const gpio = new FakeGpio()
  const relay = gpio.openOutput({ line: 17, safeLevel: 0 })
  relay.write(1)
  relay.release()
  relay.release()
  t.same(gpio.operations, [
    { op: 'open-output', line: 17, level: 0 },
    { op: 'write', line: 17, level: 1 },
    { op: 'write', line: 17, level: 0 },
    { op: 'release', line: 17 },
  ])
  t.same(gpio.writesTo(17), [0, 1, 0])
  t.equal(gpio.isReleased(17), true)
  t.throws(() => gpio.level(3), { code: 'NO_SUCH_LINE' })
})

t.test('inputs hear only their edge, keep a preset level, and can fail writes', async (t) => {
  const gpio = new FakeGpio()
  gpio.presetInput(27, 1)
  const contact = gpio.openInput({ line: 27, edge: 'falling', debounceMs: 0 })
  t.equal(contact.read(), 1)
  const heard: number[] = []
  contact.watch((level) => heard.push(level))
  gpio.setInput(27, 0)
  gpio.setInput(27, 1)
  gpio.setInput(27, 1)
  t.same(heard, [0])
  const led = gpio.openOutput({ line: 23, safeLevel: 0 })
  gpio.failWritesWithCode = 'EIO'
  t.throws(() => led.write(1), { code: 'EIO' })
})
