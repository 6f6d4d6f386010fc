import t from 'tap'
import { fromHex } from '../../../../protocol/hex.js'
import {
  encodeThermometerCommand,
  type ThermometerCommandName,
} from '../../../../protocol/thermometer/thermometer-command.js'
import { ThermometerCommandDecoder } from '../../../../protocol/thermometer/thermometer-command-decoder.js'
import { fixture, loadHexFixtures } from '../../../fakes/hex-fixtures.js'

const golden = loadHexFixtures('thermometer/gy-mcu90614.hex')
const GOLDEN_COMMANDS: [ThermometerCommandName, string][] = [
  ['continuous', 'command-continuous'],
  ['query', 'command-query'],
  ['baud9600', 'command-baud-9600'],
  ['baud115200', 'command-baud-115200'],
  ['autoOutputOn', 'command-auto-output-on'],
  ['autoOutputOff', 'command-auto-output-off'],
]

const codes = (errors: readonly { code: string }[]): string[] => errors.map((error) => error.code)

t.test('encodes every command to the bytes in the reference', async (t) => {
  for (const [name, fixtureName] of GOLDEN_COMMANDS) {
    t.same(encodeThermometerCommand(name), fixture(golden, fixtureName), name)
  }
})

t.test('decodes every reference command, in one chunk and byte by byte', async (t) => {
  const stream = Buffer.concat(GOLDEN_COMMANDS.map(([, fixtureName]) => fixture(golden, fixtureName)))
  const whole = new ThermometerCommandDecoder().push(stream, 0)
  t.same(whole.frames, GOLDEN_COMMANDS.map(([name]) => name))
  t.same(whole.errors, [])

  const decoder = new ThermometerCommandDecoder()
  const names: string[] = []
  for (const byte of stream) {
    const result = decoder.push(Buffer.from([byte]), 0)
    t.same(result.errors, [])
    names.push(...result.frames)
    t.ok(decoder.bufferedBytes <= 2)
  }
  t.same(names, GOLDEN_COMMANDS.map(([name]) => name))
})

t.test('rejects a command with a bad sum, slides one byte and finds the next command', async (t) => {
  const result = new ThermometerCommandDecoder().push(fromHex('A5 45 EB A5 15 BA'), 0)
  t.same(result.frames, ['query'])
  t.same(codes(result.errors), ['BAD_CHECKSUM', 'GARBAGE'])
  t.same(result.errors[0]!.discarded, fromHex('A5'))
  t.same(result.errors[1]!.discarded, fromHex('45 EB'))
})

t.test('finds a command that starts inside a corrupt one', async (t) => {
  const result = new ThermometerCommandDecoder().push(fromHex('A5 A5 15 BA'), 0)
  t.same(result.frames, ['query'])
  t.same(codes(result.errors), ['BAD_CHECKSUM'])
})

t.test('drops a well-formed command with an unknown byte whole as UNKNOWN_COMMAND', async (t) => {
  const result = new ThermometerCommandDecoder().push(fromHex('A5 10 B5 A5 52 F7'), 0)
  t.same(result.frames, ['autoOutputOff'])
  t.same(codes(result.errors), ['UNKNOWN_COMMAND'])
  t.same(result.errors[0]!.discarded, fromHex('A5 10 B5'))
})

t.test('reports bytes before a command as GARBAGE', async (t) => {
  const result = new ThermometerCommandDecoder().push(fromHex('00 FF 5A A5 45 EA'), 0)
  t.same(result.frames, ['continuous'])
  t.same(codes(result.errors), ['GARBAGE'])
  t.same(result.errors[0]!.discarded, fromHex('00 FF 5A'))
})

t.test('discards a partial command after the inter-byte timeout', async (t) => {
  const decoder = new ThermometerCommandDecoder()
  t.same(decoder.push(fromHex('A5 45'), 1000), { frames: [], errors: [] })
  t.same(decoder.expire(1049).errors, [])
  const expired = decoder.expire(1050)
  t.same(codes(expired.errors), ['PARTIAL_TIMEOUT'])
  t.same(expired.errors[0]!.discarded, fromHex('A5 45'))
  t.equal(decoder.bufferedBytes, 0)
})

t.test('expires a stale partial command before decoding a later chunk', async (t) => {
  const decoder = new ThermometerCommandDecoder({ interByteTimeoutMs: 200 })
  decoder.push(fromHex('A5 45'), 0)
  t.same(decoder.push(fromHex('EA'), 199).frames, ['continuous'])
  decoder.push(fromHex('A5 45'), 1000)
  const late = decoder.push(fromHex('EA A5 15 BA'), 1200)
  t.same(codes(late.errors), ['PARTIAL_TIMEOUT', 'GARBAGE'])
  t.same(late.frames, ['query'])
})

t.test('refuses to encode a command name it does not know, with code UNKNOWN_COMMAND', async (t) => {
  t.throws(() => encodeThermometerCommand('reboot' as ThermometerCommandName), { code: 'UNKNOWN_COMMAND' })
})
