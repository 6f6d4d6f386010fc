import t from 'tap'
import { fromLeftJustifiedBytes, toLeftJustifiedBytes } from '../../../../protocol/wiegand/wiegand-bits.js'
import type { WiegandBit, WiegandBits } from '../../../../protocol/wiegand/wiegand-format.js'
import { fixture, loadHexFixtures } from '../../../fakes/hex-fixtures.js'

const golden = loadHexFixtures('wiegand/left-justified.hex')
const bitsOf = (text: string): WiegandBit[] => [...text.replace(/\s/g, '')].map((c) => (c === '1' ? 1 : 0))

// Transcribed from protocols-and-libraries.md §2.
const H10301_FC212_CARD7041 = bitsOf('1 11010100 0001101110000001 0')
const W34_89D41B81 = bitsOf('1 1000100111010100 0001101110000001 1')

t.test('packs the reference H10301 bits left-justified as EA 0D C0 80', async (t) => {
  t.same(toLeftJustifiedBytes(H10301_FC212_CARD7041), fixture(golden, 'h10301-fc212-card7041'))
  t.same(toLeftJustifiedBytes(W34_89D41B81), fixture(golden, 'w34-uid-89d41b81'))
})

t.test('unpacks left-justified bytes to the reference bits', async (t) => {
  t.same(fromLeftJustifiedBytes(fixture(golden, 'h10301-fc212-card7041'), 26), {
    ok: true,
    bits: H10301_FC212_CARD7041,
  })
  t.same(fromLeftJustifiedBytes(fixture(golden, 'w34-uid-89d41b81'), 34), { ok: true, bits: W34_89D41B81 })
})

t.test('ignores padding bits and bytes beyond the bit count', async (t) => {
  const noisy = Buffer.from([0xea, 0x0d, 0xc0, 0xbf, 0x99])
  t.same(fromLeftJustifiedBytes(noisy, 26), { ok: true, bits: H10301_FC212_CARD7041 })
})

t.test('handles whole bytes and zero bits', async (t) => {
  t.same(toLeftJustifiedBytes(bitsOf('10000001 1')), Buffer.from([0x81, 0x80]))
  t.same(toLeftJustifiedBytes([]), Buffer.alloc(0))
  t.same(fromLeftJustifiedBytes(Buffer.alloc(0), 0), { ok: true, bits: [] })
})

t.test('reports data shorter than the bit count needs as DATA_TOO_SHORT', async (t) => {
  t.match(fromLeftJustifiedBytes(Buffer.from([0xea, 0x0d, 0xc0]), 26), { ok: false, code: 'DATA_TOO_SHORT' })
})

t.test('reports a negative or fractional bit count as BAD_BIT_COUNT', async (t) => {
  t.match(fromLeftJustifiedBytes(Buffer.alloc(4), -1), { ok: false, code: 'BAD_BIT_COUNT' })
  t.match(fromLeftJustifiedBytes(Buffer.alloc(4), 2.5), { ok: false, code: 'BAD_BIT_COUNT' })
  t.match(fromLeftJustifiedBytes(Buffer.alloc(4), Number.NaN), { ok: false, code: 'BAD_BIT_COUNT' })
})

t.test('refuses to pack a value other than 0 or 1, with code BAD_BIT', async (t) => {
  t.throws(() => toLeftJustifiedBytes([1, 0, 2] as unknown as WiegandBits), { code: 'BAD_BIT' })
})
