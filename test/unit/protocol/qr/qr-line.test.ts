import t from 'tap'
import { fromHex } from '../../../../protocol/hex.js'
import { encodeQrLine, type QrLineTerminator } from '../../../../protocol/qr/qr-line.js'
import { QrLineDecoder } from '../../../../protocol/qr/qr-line-decoder.js'

t.test('encodes a line as ASCII with a CR LF terminator by default', async (t) => {
  t.same(encodeQrLine('GH1:a-Z_0'), fromHex('47 48 31 3A 61 2D 5A 5F 30 0D 0A'))
})

t.test('encodes each configured terminator', async (t) => {
  t.same(encodeQrLine('A', '\r'), fromHex('41 0D'))
  t.same(encodeQrLine('A', '\n'), fromHex('41 0A'))
  t.same(encodeQrLine('A', '\r\n'), fromHex('41 0D 0A'))
})

t.test('round-trips lines through the decoder with every terminator', async (t) => {
  const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('')
  for (const terminator of ['\r', '\n', '\r\n'] as QrLineTerminator[]) {
    const lines = [printable, 'x', 'GH1.eyJkIjoiZ2F0ZS0xIn0.c2ln', ' spaces kept ']
    const stream = Buffer.concat(lines.map((line) => encodeQrLine(line, terminator)))
    t.same(new QrLineDecoder().push(stream, 0), { frames: lines, errors: [] }, JSON.stringify(terminator))
  }
})

t.test('refuses text a scanner would not send, with a stable code', async (t) => {
  t.throws(() => encodeQrLine(''), { code: 'EMPTY_LINE' })
  t.throws(() => encodeQrLine('a\tb'), { code: 'NON_PRINTABLE' })
  t.throws(() => encodeQrLine('line\r\n'), { code: 'NON_PRINTABLE' })
  t.throws(() => encodeQrLine('café'), { code: 'NON_PRINTABLE' })
  t.throws(() => encodeQrLine('x'.repeat(513)), { code: 'LINE_TOO_LONG' })
  t.throws(() => encodeQrLine('x'.repeat(9), '\r\n', 8), { code: 'LINE_TOO_LONG' })
  t.throws(() => encodeQrLine('x', '\t' as QrLineTerminator), { code: 'BAD_TERMINATOR' })
})
