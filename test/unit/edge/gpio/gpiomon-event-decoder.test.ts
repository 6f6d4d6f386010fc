import t from 'tap'
import {
  GPIOMON_MAX_LINE_BYTES,
  GpiomonEventDecoder,
  parseGpiomonLine,
} from '../../../../edge/src/adapters/gpio/gpiomon-event-decoder.js'
import { gpiomonArguments } from '../../../../edge/src/adapters/gpio/wiegand-capture-gpiomon.js'

const OFFSETS = { d0: 14, d1: 15 }

t.test('parses gpiomon 1.6 lines, whose nanoseconds are not zero-padded', async (t) => {
  // gpiomon 1.6.3 prints %n with "%ld" (checked in the Debian bookworm binary): 12 s + 5000 ns.
  t.same(parseGpiomonLine('14 12.5000', OFFSETS), { ok: true, edge: { line: 0, atMs: 12_000.005 } })
  t.same(parseGpiomonLine('15 1234.999999999', OFFSETS), { ok: true, edge: { line: 1, atMs: 1_234_999.999999 } })
  t.same(parseGpiomonLine('15 7.0', OFFSETS), { ok: true, edge: { line: 1, atMs: 7000 } })
})

t.test('parses gpiomon 2 lines (%S, padded to nine digits) to the same times', async (t) => {
  t.same(parseGpiomonLine('14 12.000005000', OFFSETS), parseGpiomonLine('14 12.5000', OFFSETS))
})

t.test('rejects lines that are not an event of D0 or D1, with a code', async (t) => {
  t.match(parseGpiomonLine('17 12.5000', OFFSETS), { ok: false, code: 'UNKNOWN_OFFSET' })
  for (const line of ['', '14', '14 12', '14 12.', '14 12.1234567890', '14  12.5', ' 14 12.5', '14 12.5 ', 'event: FALLING EDGE offset: 14 timestamp: [ 12.000005000]', '14 -1.5', '14 1e3.5']) {
    t.match(parseGpiomonLine(line, OFFSETS), { ok: false, code: 'BAD_LINE' }, JSON.stringify(line))
  }
})

t.test('splits stdout chunks into edges across any chunk boundary', async (t) => {
  const text = '14 100.1000000\n15 100.3000000\n14 100.5000000\n'
  for (let cut = 0; cut <= text.length; cut++) {
    const decoder = new GpiomonEventDecoder(OFFSETS)
    const first = decoder.push(Buffer.from(text.slice(0, cut)), 0)
    const second = decoder.push(Buffer.from(text.slice(cut)), 0)
    const edges = [...first.frames, ...second.frames]
    t.same(edges, [{ line: 0, atMs: 100_001 }, { line: 1, atMs: 100_003 }, { line: 0, atMs: 100_005 }], `cut at ${cut}`)
    t.equal(decoder.bufferedBytes, 0)
    t.equal(decoder.acceptedBytes, text.length)
  }
})

t.test('reports a bad line with its bytes and carries on with the next', async (t) => {
  const decoder = new GpiomonEventDecoder(OFFSETS)
  const result = decoder.push(Buffer.from('gpiomon: error\n\n15 1.2\n'), 0)
  t.same(result.frames, [{ line: 1, atMs: 1000.000002 }])
  t.same(result.errors.map((e) => [e.code, e.discarded.toString()]), [
    ['BAD_LINE', 'gpiomon: error\n'],
    ['BAD_LINE', '\n'],
  ])
})

t.test('discards an overlong line as it arrives, holding no more than the limit', async (t) => {
  const decoder = new GpiomonEventDecoder(OFFSETS)
  const long = 'x'.repeat(100)
  const first = decoder.push(Buffer.from(long.slice(0, 50)), 0)
  t.ok(decoder.bufferedBytes <= GPIOMON_MAX_LINE_BYTES)
  const second = decoder.push(Buffer.from(`${long.slice(50)}\n14 2.0\n`), 0)
  t.same([...first.errors, ...second.errors].map((e) => [e.code, e.discarded.length]), [
    ['LINE_TOO_LONG', GPIOMON_MAX_LINE_BYTES + 1],
    ['REJECTED_LINE_TAIL', 50 - GPIOMON_MAX_LINE_BYTES - 1],
    ['REJECTED_LINE_TAIL', 51],
  ])
  t.same(second.frames, [{ line: 0, atMs: 2000 }])
})

t.test('a partial line left when gpiomon goes quiet is discarded on expiry', async (t) => {
  const decoder = new GpiomonEventDecoder(OFFSETS, 1000)
  decoder.push(Buffer.from('14 3.'), 0)
  t.same(decoder.expire(999).errors, [])
  t.match(decoder.expire(1000).errors, [{ code: 'PARTIAL_TIMEOUT', discarded: Buffer.from('14 3.') }])
  t.equal(decoder.bufferedBytes, 0)
})

t.test('builds the gpiomon 1.6 command line of the reference, and the v2 equivalent', async (t) => {
  const wiring = { chip: 'gpiochip0', d0Line: 14, d1Line: 15 }
  t.same(gpiomonArguments(wiring), ['-b', '-f', '-F', '%o %s.%n', 'gpiochip0', '14', '15'])
  t.same(gpiomonArguments({ ...wiring, bias: 'disabled' }), ['-b', '-f', '-B', 'disable', '-F', '%o %s.%n', 'gpiochip0', '14', '15'])
  t.same(gpiomonArguments({ ...wiring, cliVersion: 2, bias: 'pull-up' }), [
    '-c', 'gpiochip0', '-e', 'falling', '-b', 'pull-up', '-F', '%o %S', '14', '15',
  ])
})
