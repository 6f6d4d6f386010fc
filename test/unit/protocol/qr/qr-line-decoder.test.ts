import t from 'tap'
import { QrLineDecoder } from '../../../../protocol/qr/qr-line-decoder.js'

const codes = (errors: readonly { code: string }[]): string[] => errors.map((error) => error.code)
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1')

t.test('splits lines ended by CR LF, CR or LF without empty lines between CR and LF', async (t) => {
  const result = new QrLineDecoder().push(ascii('GH1:abc\r\nGH1:def\rGH1:ghi\n'), 0)
  t.same(result, { frames: ['GH1:abc', 'GH1:def', 'GH1:ghi'], errors: [] })
})

t.test('accepts LF CR pairs as one terminator too', async (t) => {
  const result = new QrLineDecoder().push(ascii('one\n\rtwo\n\r'), 0)
  t.same(result, { frames: ['one', 'two'], errors: [] })
})

t.test('holds a CR LF pair split across chunks as one terminator', async (t) => {
  const decoder = new QrLineDecoder()
  t.same(decoder.push(ascii('abc\r'), 0).frames, ['abc'])
  t.same(decoder.push(ascii('\ndef\r'), 1), { frames: ['def'], errors: [] })
})

t.test('decodes a line fed byte by byte', async (t) => {
  const decoder = new QrLineDecoder()
  const frames: string[] = []
  for (const byte of ascii('https://gate.example/p?x=1&y=2\r\n')) {
    const result = decoder.push(Buffer.from([byte]), 0)
    t.same(result.errors, [])
    frames.push(...result.frames)
  }
  t.same(frames, ['https://gate.example/p?x=1&y=2'])
})

t.test('counts a terminator with nothing before it as EMPTY_LINE', async (t) => {
  const decoder = new QrLineDecoder()
  const result = decoder.push(ascii('abc\n\n\r\n\r\rdef\r'), 0)
  t.same(result.frames, ['abc', 'def'])
  // abc\n | \n empty | \r pairs with it | \n empty | \r pairs | \r empty | def\r
  t.same(codes(result.errors), ['EMPTY_LINE', 'EMPTY_LINE', 'EMPTY_LINE'])
  t.same(
    result.errors.map((error) => error.discarded),
    [ascii('\n'), ascii('\n'), ascii('\r')],
  )
})

t.test('starts with a terminator as EMPTY_LINE', async (t) => {
  const result = new QrLineDecoder().push(ascii('\r\nabc\r\n'), 0)
  t.same(result.frames, ['abc'])
  t.same(codes(result.errors), ['EMPTY_LINE'])
  t.same(result.errors[0]!.discarded, ascii('\r'))
})

t.test('accepts a line of exactly the maximum length', async (t) => {
  const line = 'x'.repeat(512)
  t.same(new QrLineDecoder().push(ascii(`${line}\r\n`), 0).frames, [line])
})

t.test('discards an over-long line whole up to its terminator as LINE_TOO_LONG', async (t) => {
  const decoder = new QrLineDecoder({ maxLength: 8 })
  const result = decoder.push(ascii('123456789\r\nok\r\n'), 0)
  t.same(result.frames, ['ok'])
  t.same(codes(result.errors), ['LINE_TOO_LONG'])
  t.same(result.errors[0]!.discarded, ascii('123456789\r'))
})

t.test('never buffers an over-long line spread over many chunks, and counts it once', async (t) => {
  const decoder = new QrLineDecoder({ maxLength: 8 })
  const errors = []
  for (let i = 0; i < 100; i++) {
    errors.push(...decoder.push(ascii('0123456789'), i).errors)
    t.ok(decoder.bufferedBytes <= 8)
  }
  const end = decoder.push(ascii('tail\r\nnext\r\n'), 100)
  errors.push(...end.errors)
  t.same(end.frames, ['next'])
  t.equal(codes(errors).filter((code) => code === 'LINE_TOO_LONG').length, 1)
  t.ok(codes(errors).slice(1).every((code) => code === 'REJECTED_LINE_TAIL'))
  const discarded = errors.reduce((total, error) => total + error.discarded.length, 0)
  t.equal(discarded, 1000 + 'tail\r'.length)
})

t.test('rejects a line holding a non-printable byte as NON_PRINTABLE, whole', async (t) => {
  const decoder = new QrLineDecoder()
  for (const bad of ['ab\x01cd', 'tab\there', 'caf\xe9', 'del\x7f']) {
    const result = decoder.push(ascii(`${bad}\r\nok\r\n`), 0)
    t.same(result.frames, ['ok'], JSON.stringify(bad))
    t.same(codes(result.errors), ['NON_PRINTABLE'])
    t.same(result.errors[0]!.discarded, ascii(`${bad}\r`))
  }
})

t.test('reports the rest of a rejected line in later chunks as REJECTED_LINE_TAIL', async (t) => {
  const decoder = new QrLineDecoder()
  t.same(codes(decoder.push(ascii('ab\x00c'), 0).errors), ['NON_PRINTABLE'])
  const rest = decoder.push(ascii('def\r\nok\r\n'), 1)
  t.same(codes(rest.errors), ['REJECTED_LINE_TAIL'])
  t.same(rest.errors[0]!.discarded, ascii('def\r'))
  t.same(rest.frames, ['ok'])
})

t.test('discards a partial line after the inter-byte timeout', async (t) => {
  const decoder = new QrLineDecoder()
  decoder.push(ascii('GH1:ab'), 1000)
  t.same(decoder.expire(1049).errors, [])
  const expired = decoder.expire(1050)
  t.same(codes(expired.errors), ['PARTIAL_TIMEOUT'])
  t.same(expired.errors[0]!.discarded, ascii('GH1:ab'))
  t.equal(decoder.bufferedBytes, 0)
})

t.test('expires a stale partial line before decoding a later chunk, with a configurable timeout', async (t) => {
  const decoder = new QrLineDecoder({ interByteTimeoutMs: 200 })
  decoder.push(ascii('abc'), 0)
  t.same(decoder.push(ascii('def\r\n'), 150).frames, ['abcdef'])
  decoder.push(ascii('stale'), 1000)
  const late = decoder.push(ascii('fresh\r\n'), 1300)
  t.same(codes(late.errors), ['PARTIAL_TIMEOUT'])
  t.same(late.frames, ['fresh'])
})

t.test('ends a rejected line on silence, so the next scan decodes', async (t) => {
  const decoder = new QrLineDecoder()
  decoder.push(ascii('bad\x02'), 0)
  t.same(decoder.push(ascii('good\r\n'), 100), { frames: ['good'], errors: [] })
})

t.test('does not pair terminators separated by silence', async (t) => {
  const decoder = new QrLineDecoder()
  decoder.push(ascii('abc\r'), 0)
  t.same(codes(decoder.push(ascii('\n'), 100).errors), ['EMPTY_LINE'])
})
