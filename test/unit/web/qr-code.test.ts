import t from 'tap'
import { qrCodeMatrix, qrCodeMatrixOfBytes, qrCodeSvg, qrCodeSvgPath, qrFormatBits, qrPenaltyScore, qrVersionBits, type QrErrorCorrection } from '../../../hub/web/shared/qr-code.js'
import { qrAlignmentPositions, qrCodewordsWithEcc, qrDataCodewords, qrRawDataModules, reedSolomonDivisor, reedSolomonRemainder } from '../../../hub/web/shared/qr-code-blocks.js'
import { matrixFromSvgPath, PUBLISHED_BLOCKS, PUBLISHED_FORMAT_STRINGS, readQrMatrix } from '../../fakes/qr-code-reader.js'

const LEVELS: QrErrorCorrection[] = ['L', 'M', 'Q', 'H']

t.test('format bits equal the 32 published format strings (Table C.1)', async (t) => {
  for (const [name, bits] of Object.entries(PUBLISHED_FORMAT_STRINGS)) {
    t.equal(qrFormatBits(name[0] as QrErrorCorrection, Number(name[1])).toString(2).padStart(15, '0'), bits, name)
  }
})

t.test('version bits equal the published version information (Table D.1)', async (t) => {
  t.equal(qrVersionBits(7), 0x07c94)
  t.equal(qrVersionBits(8), 0x085bc)
  t.equal(qrVersionBits(10), 0x0a4d3)
  t.equal(qrVersionBits(40), 0x28c69)
})

t.test('Reed-Solomon codewords equal the worked examples', async (t) => {
  // ISO/IEC 18004 Annex I: "01234567" as 1-M.
  const annex = [0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11]
  t.same(reedSolomonRemainder(annex, reedSolomonDivisor(10)), [0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55])
  // "HELLO WORLD" as 1-M, the tutorial everybody checks against.
  const hello = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
  t.same(reedSolomonRemainder(hello, reedSolomonDivisor(10)), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
})

t.test('block structure and capacities equal Table 7 and Table 9', async (t) => {
  for (let version = 1; version <= 10; version++) {
    for (const ecc of LEVELS) {
      const groups = PUBLISHED_BLOCKS[version]![ecc]
      const dataTotal = groups.reduce((sum, [count, , data]) => sum + count * data, 0)
      const total = groups.reduce((sum, [count, all]) => sum + count * all, 0)
      t.equal(qrDataCodewords(version, ecc), dataTotal, `${version}-${ecc} data codewords`)
      t.equal(Math.floor(qrRawDataModules(version) / 8), total, `${version}-${ecc} total codewords`)
    }
  }
  // Table 7's data codewords at version 40, and version 10's byte capacities (Table 7: 271 / 213).
  t.same(LEVELS.map((ecc) => qrDataCodewords(40, ecc)), [2956, 2334, 1666, 1276])
  t.equal(qrCodeMatrix('x'.repeat(271), { ecc: 'L' }).version, 10)
  t.equal(qrCodeMatrix('x'.repeat(272), { ecc: 'L' }).version, 11)
  t.equal(qrCodeMatrix('x'.repeat(213), { ecc: 'M' }).version, 10)
  t.equal(qrCodeMatrix('x'.repeat(214), { ecc: 'M' }).version, 11)
})

t.test('alignment pattern centres equal Annex E', async (t) => {
  t.same(qrAlignmentPositions(1), [])
  t.same(qrAlignmentPositions(2), [6, 18])
  t.same(qrAlignmentPositions(7), [6, 22, 38])
  t.same(qrAlignmentPositions(14), [6, 26, 46, 66])
  t.same(qrAlignmentPositions(32), [6, 34, 60, 86, 112, 138])
  t.same(qrAlignmentPositions(40), [6, 30, 58, 86, 114, 142, 170])
})

t.test('symbols of every level and versions 1–10 read back through an independent reader', async (t) => {
  for (const ecc of LEVELS) {
    for (let version = 1; version <= 10; version++) {
      const capacity = Math.floor((qrDataCodewords(version, ecc) * 8 - 4 - (version <= 9 ? 8 : 16)) / 8)
      const text = Array.from({ length: capacity }, (_, k) => String.fromCharCode(33 + ((k * 7 + version) % 90))).join('')
      const matrix = qrCodeMatrix(text, { ecc })
      t.equal(matrix.version, version, `${capacity} bytes at ${ecc} fill version ${version}`)
      const reading = readQrMatrix(matrix.modules)
      t.same(reading, { text, version, ecc, mask: matrix.mask }, `${version}-${ecc}`)
    }
  }
})

t.test('every mask reads back, and the chosen one has the lowest penalty', async (t) => {
  const text = 'GH1.k-7f3a.1700000000.AAECAwQFBgcICQoLDA0ODw.' + 'A'.repeat(86)
  const penalties: number[] = []
  for (let mask = 0; mask < 8; mask++) {
    const matrix = qrCodeMatrix(text, { mask })
    t.equal(readQrMatrix(matrix.modules).mask, mask)
    t.equal(readQrMatrix(matrix.modules).text, text)
    penalties.push(qrPenaltyScore(matrix.modules))
  }
  const chosen = qrCodeMatrix(text)
  t.equal(qrPenaltyScore(chosen.modules), Math.min(...penalties))
})

t.test('UTF-8 text (Chinese) is carried as bytes', async (t) => {
  const text = 'https://hub.example/app/#/enrol/abc 居民'
  t.equal(readQrMatrix(qrCodeMatrix(text, { ecc: 'Q' }).modules).text, text)
  t.equal(readQrMatrix(qrCodeMatrixOfBytes(new TextEncoder().encode(text), { ecc: 'H' }).modules).text, text)
})

t.test('the SVG draws exactly the dark modules inside the quiet zone', async (t) => {
  const matrix = qrCodeMatrix('gatehouse', { ecc: 'M' })
  const svg = qrCodeSvg('gatehouse', { ecc: 'M', moduleSize: 4, margin: 4 })
  t.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 29 29" width="116" height="116"/)
  const d = /<path d="([^"]+)"/.exec(svg)![1]!
  t.same(matrixFromSvgPath(d, 4, matrix.size), matrix.modules)
  t.equal(qrCodeSvgPath(matrix, 4), d)
})

t.test('refuses data that does not fit and options out of range, with a code', async (t) => {
  t.throws(() => qrCodeMatrix('x'.repeat(120), { ecc: 'H', maxVersion: 10 }), { code: 'QR_DATA_TOO_LONG' })
  t.throws(() => qrCodeMatrix('x'.repeat(3000), { ecc: 'L' }), { code: 'QR_DATA_TOO_LONG' })
  t.throws(() => qrCodeMatrix('x', { minVersion: 0 }), { code: 'QR_BAD_OPTION' })
  t.throws(() => qrCodeMatrix('x', { mask: 8 }), { code: 'QR_BAD_OPTION' })
  t.throws(() => qrCodeMatrix('x', { ecc: 'X' as QrErrorCorrection }), { code: 'QR_BAD_OPTION' })
})

t.test('interleaving puts the first codeword of every block first', async (t) => {
  // 5-Q: two blocks of 15 then two of 16 data codewords.
  const data = Array.from({ length: qrDataCodewords(5, 'Q') }, (_, k) => k)
  const all = qrCodewordsWithEcc(data, 5, 'Q')
  t.same(all.slice(0, 4), [0, 15, 30, 46])
  t.same(all.slice(56, 62), [14, 29, 44, 60, 45, 61])
  t.equal(all.length, 134)
})
