import t from 'tap'
import {
  H10301,
  WIEGAND_34,
  WIEGAND_34_UID,
  decodeWiegand,
  encodeWiegand,
  wiegandFormatViolations,
  type WiegandBit,
  type WiegandFormat,
} from '../../../../protocol/wiegand/wiegand-format.js'

/** Bits written as in the reference, spaces between fields. */
const bitsOf = (text: string): WiegandBit[] => [...text.replace(/\s/g, '')].map((c) => (c === '1' ? 1 : 0))

// Transcribed from protocols-and-libraries.md §2 (CIVINTEC CN56 manual §6.4.2 and §6.4.5).
const H10301_FC212_CARD7041 = bitsOf('1 11010100 0001101110000001 0')
const W34_89D41B81 = bitsOf('1 1000100111010100 0001101110000001 1')

const ALL = [H10301, WIEGAND_34, WIEGAND_34_UID]

t.test('encodes H10301 FC 212 card 7041 to the reference bits', async (t) => {
  t.same(encodeWiegand(H10301, { facility: 212, card: 7041 }), H10301_FC212_CARD7041)
})

t.test('decodes the reference H10301 bits to FC 212 card 7041', async (t) => {
  t.same(decodeWiegand(H10301_FC212_CARD7041, ALL), { ok: true, format: H10301, facility: 212, card: 7041 })
})

t.test('encodes and decodes the reference 34-bit frame as FC 35284 card 7041 and as UID 0x89D41B81', async (t) => {
  t.same(encodeWiegand(WIEGAND_34, { facility: 35284, card: 7041 }), W34_89D41B81)
  t.same(encodeWiegand(WIEGAND_34_UID, { card: 0x89d41b81 }), W34_89D41B81)
  t.same(decodeWiegand(W34_89D41B81, [WIEGAND_34]), { ok: true, format: WIEGAND_34, facility: 35284, card: 7041 })
  t.same(decodeWiegand(W34_89D41B81, [WIEGAND_34_UID, WIEGAND_34]), {
    ok: true,
    format: WIEGAND_34_UID,
    facility: null,
    card: 0x89d41b81,
  })
})

t.test('round-trips credentials at the edges of every built-in layout', async (t) => {
  const cases: [WiegandFormat, number | null, number][] = [
    [H10301, 0, 0],
    [H10301, 255, 65535],
    [H10301, 1, 2],
    [WIEGAND_34, 65535, 0],
    [WIEGAND_34, 0, 65535],
    [WIEGAND_34_UID, null, 0xffffffff],
    [WIEGAND_34_UID, null, 1],
  ]
  for (const [format, facility, card] of cases) {
    t.same(decodeWiegand(encodeWiegand(format, { facility, card }), [format]), { ok: true, format, facility, card })
  }
})

t.test('supports a site layout given as data: 34 bits with an 8-bit site code', async (t) => {
  const site: WiegandFormat = {
    name: 'SITE_8_24',
    totalBits: 34,
    evenParityRange: { first: 1, last: 16 },
    oddParityRange: { first: 17, last: 32 },
    facilityRange: { first: 1, last: 8 },
    cardRange: { first: 9, last: 32 },
  }
  t.same(wiegandFormatViolations(site), [])
  const bits = encodeWiegand(site, { facility: 200, card: 12_345_678 })
  t.same(decodeWiegand(bits, [H10301, site]), { ok: true, format: site, facility: 200, card: 12_345_678 })
})

t.test('rejects a bit count no layout has as BAD_LENGTH', async (t) => {
  t.match(decodeWiegand(H10301_FC212_CARD7041.slice(0, 25), ALL), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeWiegand([], ALL), { ok: false, code: 'BAD_LENGTH' })
  t.match(decodeWiegand(H10301_FC212_CARD7041, []), { ok: false, code: 'BAD_LENGTH' })
})

t.test('catches every single flipped bit as BAD_PARITY', async (t) => {
  for (const reference of [H10301_FC212_CARD7041, W34_89D41B81]) {
    for (let i = 0; i < reference.length; i++) {
      const flipped = reference.map((bit, index) => (index === i ? 1 - bit : bit))
      t.match(decodeWiegand(flipped, ALL), { ok: false, code: 'BAD_PARITY' }, `bit ${i}`)
    }
  }
})

t.test('rejects a value other than 0 or 1 as BAD_BIT', async (t) => {
  t.match(decodeWiegand([...H10301_FC212_CARD7041.slice(0, 25), 2], ALL), { ok: false, code: 'BAD_BIT' })
})

t.test('rejects decoding with a broken layout of the right length as BAD_FORMAT', async (t) => {
  const broken: WiegandFormat = { ...H10301, name: 'BROKEN', cardRange: { first: 9, last: 25 } }
  t.match(decodeWiegand(H10301_FC212_CARD7041, [broken]), { ok: false, code: 'BAD_FORMAT' })
})

t.test('lists every violation of a layout at once', async (t) => {
  const broken: WiegandFormat = {
    name: 'BROKEN',
    totalBits: 80,
    evenParityRange: { first: 0, last: 10 },
    oddParityRange: { first: 40, last: 79 },
    facilityRange: { first: 1, last: 10 },
    cardRange: { first: 5, last: 60 },
  }
  const violations = wiegandFormatViolations(broken)
  t.equal(violations.length, 4)
  t.match(violations.join('\n'), /evenParityRange[\s\S]*oddParityRange[\s\S]*cardRange[\s\S]*overlap/)
  t.same(wiegandFormatViolations({ ...H10301, totalBits: 2 }).length, 1)
})

t.test('refuses to encode values that do not fit, with a stable code', async (t) => {
  t.throws(() => encodeWiegand(H10301, { facility: 256, card: 1 }), { code: 'FACILITY_OUT_OF_RANGE' })
  t.throws(() => encodeWiegand(H10301, { facility: -1, card: 1 }), { code: 'FACILITY_OUT_OF_RANGE' })
  t.throws(() => encodeWiegand(H10301, { facility: 1.5, card: 1 }), { code: 'FACILITY_OUT_OF_RANGE' })
  t.throws(() => encodeWiegand(H10301, { card: 1 }), { code: 'FACILITY_OUT_OF_RANGE' })
  t.throws(() => encodeWiegand(WIEGAND_34_UID, { facility: 3, card: 1 }), { code: 'FACILITY_OUT_OF_RANGE' })
  t.throws(() => encodeWiegand(H10301, { facility: 1, card: 65536 }), { code: 'CARD_OUT_OF_RANGE' })
  t.throws(() => encodeWiegand(WIEGAND_34_UID, { card: 2 ** 32 }), { code: 'CARD_OUT_OF_RANGE' })
  t.throws(() => encodeWiegand({ ...H10301, totalBits: 0 }, { facility: 1, card: 1 }), { code: 'BAD_FORMAT' })
})

t.test('accepts facility 0 for a layout without a facility field', async (t) => {
  t.same(encodeWiegand(WIEGAND_34_UID, { facility: 0, card: 0x89d41b81 }), W34_89D41B81)
})
