import t from 'tap'
import { fromHex } from '../../protocol/hex.js'
import { QrLineDecoder } from '../../protocol/qr/qr-line-decoder.js'
import { SimulatedQrScanner, type SimulatedQrScannerOptions } from '../../firmware-sim/src/qr/simulated-qr-scanner.js'

function rig(options: SimulatedQrScannerOptions = {}) {
  const scanner = new SimulatedQrScanner(options)
  const decoder = new QrLineDecoder()
  const lines: string[] = []
  const errors: string[] = []
  const wire: Buffer[] = []
  scanner.attach((bytes) => {
    wire.push(bytes)
    const result = decoder.push(bytes, 0)
    lines.push(...result.frames)
    errors.push(...result.errors.map((error) => error.code))
  })
  return { scanner, lines, errors, wire }
}

t.test('transmits each scan as one CR LF terminated line by default', async (t) => {
  const { scanner, lines, errors, wire } = rig()
  scanner.start()
  scanner.scan('GH1:abc')
  scanner.scan('https://gate.example/p?x=1')
  t.same(lines, ['GH1:abc', 'https://gate.example/p?x=1'])
  t.same(errors, [])
  t.same(wire[0], fromHex('47 48 31 3A 61 62 63 0D 0A'))
  t.equal(scanner.linesTransmitted, 2)
})

t.test('uses the configured terminator', async (t) => {
  const { scanner, wire } = rig({ terminator: '\r' })
  scanner.start()
  scanner.scan('A')
  t.same(wire, [fromHex('41 0D')])
})

t.test('transmits raw bytes as they are, for garbage tests', async (t) => {
  const { scanner, lines, errors } = rig()
  scanner.start()
  scanner.scanRaw(Buffer.from('bad\x01line\r\nok\r\n', 'latin1'))
  t.same(lines, ['ok'])
  t.same(errors, ['NON_PRINTABLE'])
})

t.test('ignores what the host writes but counts the bytes', async (t) => {
  const { scanner, wire } = rig()
  scanner.start()
  scanner.receive(fromHex('16 54 0D'))
  scanner.receive(fromHex('00'))
  t.equal(scanner.receivedBytes, 4)
  t.same(wire, [])
})

t.test('sends nothing while stopped', async (t) => {
  const { scanner, wire } = rig()
  scanner.scan('before start')
  scanner.start()
  scanner.stop()
  scanner.scan('after stop')
  scanner.scanRaw(fromHex('41 0D'))
  t.same(wire, [])
})

t.test('refuses text a scanner would not send, with the encoder code', async (t) => {
  const { scanner } = rig()
  scanner.start()
  t.throws(() => scanner.scan(''), { code: 'EMPTY_LINE' })
  t.throws(() => scanner.scan('tab\there'), { code: 'NON_PRINTABLE' })
})
