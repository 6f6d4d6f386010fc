/**
 * A QR code reader for tests, written apart from the encoder (hub/web/shared/qr-code.ts) and
 * from the specification's tables, not from the encoder's: it takes a module matrix (as drawn
 * on a page), finds the format by the 32 published format strings, unmasks, walks the codeword
 * zigzag, de-interleaves by Table 9's block structure, checks every block's Reed-Solomon
 * syndromes are zero and reads the byte-mode text and pad codewords. Versions 1–10.
 */

export interface QrReading {
  readonly text: string
  readonly version: number
  readonly ecc: 'L' | 'M' | 'Q' | 'H'
  readonly mask: number
}

/** ISO/IEC 18004 Table C.1: the format string (with the 0x5412 mask) of each level and mask. */
export const PUBLISHED_FORMAT_STRINGS: Record<string, string> = {
  L0: '111011111000100', L1: '111001011110011', L2: '111110110101010', L3: '111100010011101',
  L4: '110011000101111', L5: '110001100011000', L6: '110110001000001', L7: '110100101110110',
  M0: '101010000010010', M1: '101000100100101', M2: '101111001111100', M3: '101101101001011',
  M4: '100010111111001', M5: '100000011001110', M6: '100111110010111', M7: '100101010100000',
  Q0: '011010101011111', Q1: '011000001101000', Q2: '011111100110001', Q3: '011101000000110',
  Q4: '010010010110100', Q5: '010000110000011', Q6: '010111011011010', Q7: '010101111101101',
  H0: '001011010001001', H1: '001001110111110', H2: '001110011100111', H3: '001100111010000',
  H4: '000011101100010', H5: '000001001010101', H6: '000110100001100', H7: '000100000111011',
}

/** Table 9 for versions 1–10: per level, groups of [block count, codewords per block, data codewords per block]. */
export const PUBLISHED_BLOCKS: Record<number, Record<'L' | 'M' | 'Q' | 'H', [number, number, number][]>> = {
  1: { L: [[1, 26, 19]], M: [[1, 26, 16]], Q: [[1, 26, 13]], H: [[1, 26, 9]] },
  2: { L: [[1, 44, 34]], M: [[1, 44, 28]], Q: [[1, 44, 22]], H: [[1, 44, 16]] },
  3: { L: [[1, 70, 55]], M: [[1, 70, 44]], Q: [[2, 35, 17]], H: [[2, 35, 13]] },
  4: { L: [[1, 100, 80]], M: [[2, 50, 32]], Q: [[2, 50, 24]], H: [[4, 25, 9]] },
  5: { L: [[1, 134, 108]], M: [[2, 67, 43]], Q: [[2, 33, 15], [2, 34, 16]], H: [[2, 33, 11], [2, 34, 12]] },
  6: { L: [[2, 86, 68]], M: [[4, 43, 27]], Q: [[4, 43, 19]], H: [[4, 43, 15]] },
  7: { L: [[2, 98, 78]], M: [[4, 49, 31]], Q: [[2, 32, 14], [4, 33, 15]], H: [[4, 39, 13], [1, 40, 14]] },
  8: { L: [[2, 121, 97]], M: [[2, 60, 38], [2, 61, 39]], Q: [[4, 40, 18], [2, 41, 19]], H: [[4, 40, 14], [2, 41, 15]] },
  9: { L: [[2, 146, 116]], M: [[3, 58, 36], [2, 59, 37]], Q: [[4, 36, 16], [4, 37, 17]], H: [[4, 36, 12], [4, 37, 13]] },
  10: { L: [[2, 86, 68], [2, 87, 69]], M: [[4, 69, 43], [1, 70, 44]], Q: [[6, 43, 19], [2, 44, 20]], H: [[6, 43, 15], [2, 44, 16]] },
}

/** Annex E, Table E.1: alignment pattern row/column centres. */
const ALIGNMENT_CENTRES: Record<number, number[]> = {
  1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50],
}

/** Table 10, in the specification's own terms: i is the row, j the column. */
const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
]

/** Reads a matrix (`modules[row][column]`, true = dark, no quiet zone); throws on anything wrong. */
export function readQrMatrix(modules: readonly (readonly boolean[])[]): QrReading {
  const size = modules.length
  const version = (size - 17) / 4
  if (!Number.isInteger(version) || version < 1 || version > 10) throw new Error(`unreadable size ${size}`)
  if (modules.some((row) => row.length !== size)) throw new Error('not square')
  const dark = (row: number, column: number): boolean => modules[row]![column]!
  // Format string, most significant bit first: row 8 from column 0, then column 8 upwards.
  const formatCells: [number, number][] = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]]
  const format = formatCells.map(([row, column]) => (dark(row, column) ? '1' : '0')).join('')
  const formatCopy = [...Array.from({ length: 7 }, (_, k) => [size - 1 - k, 8]), ...Array.from({ length: 8 }, (_, k) => [8, size - 8 + k])]
    .map(([row, column]) => (dark(row!, column!) ? '1' : '0'))
    .join('')
  const found = Object.entries(PUBLISHED_FORMAT_STRINGS).find(([, bits]) => bits === format)
  if (found === undefined) throw new Error(`format string ${format} is not a published one`)
  if (formatCopy !== format) throw new Error(`format copies differ: ${format} vs ${formatCopy}`)
  if (!dark(size - 8, 8)) throw new Error('dark module missing')
  const ecc = found[0][0] as QrReading['ecc']
  const mask = Number(found[0][1])
  const codewords = readCodewords(modules, version, mask)
  const data = deinterleave(codewords, PUBLISHED_BLOCKS[version]![ecc])
  return { text: readByteMode(data, version), version, ecc, mask }
}

function isReserved(version: number, size: number, row: number, column: number): boolean {
  if (row <= 8 && column <= 8) return true
  if (row <= 8 && column >= size - 8) return true
  if (row >= size - 8 && column <= 8) return true
  if (row === 6 || column === 6) return true
  if (version >= 7 && ((row <= 5 && column >= size - 11 && column <= size - 9) || (column <= 5 && row >= size - 11 && row <= size - 9))) return true
  const centres = ALIGNMENT_CENTRES[version]!
  for (const r of centres) {
    for (const c of centres) {
      const overFinder = (r === 6 && c === 6) || (r === 6 && c === centres.at(-1)) || (r === centres.at(-1) && c === 6)
      if (!overFinder && Math.abs(row - r) <= 2 && Math.abs(column - c) <= 2) return true
    }
  }
  return false
}

function readCodewords(modules: readonly (readonly boolean[])[], version: number, mask: number): number[] {
  const size = modules.length
  const bits: number[] = []
  let goingUp = true
  for (let column = size - 1; column > 0; column -= 2) {
    if (column === 6) column--
    for (let k = 0; k < size; k++) {
      const row = goingUp ? size - 1 - k : k
      for (const c of [column, column - 1]) {
        if (isReserved(version, size, row, c)) continue
        bits.push(modules[row]![c]! !== MASKS[mask]!(row, c) ? 1 : 0)
      }
    }
    goingUp = !goingUp
  }
  const codewords: number[] = []
  for (let i = 0; i + 8 <= bits.length; i += 8) codewords.push(parseInt(bits.slice(i, i + 8).join(''), 2))
  return codewords
}

function deinterleave(codewords: readonly number[], groups: [number, number, number][]): number[] {
  const blocks = groups.flatMap(([count, total, dataLength]) => Array.from({ length: count }, () => ({ total, dataLength, bytes: [] as number[] })))
  const longestData = Math.max(...blocks.map((block) => block.dataLength))
  let next = 0
  for (let i = 0; i < longestData; i++) for (const block of blocks) if (i < block.dataLength) block.bytes.push(codewords[next++]!)
  const eccLength = blocks[0]!.total - blocks[0]!.dataLength
  for (let i = 0; i < eccLength; i++) for (const block of blocks) block.bytes.push(codewords[next++]!)
  blocks.forEach((block, index) => {
    if (!syndromesAreZero(block.bytes, eccLength)) throw new Error(`block ${index} fails its Reed-Solomon check`)
  })
  return blocks.flatMap((block) => block.bytes.slice(0, block.dataLength))
}

const EXP: number[] = []
const LOG: number[] = []
for (let i = 0, x = 1; i < 255; i++, x = x & 0x80 ? ((x << 1) ^ 0x11d) : x << 1) {
  EXP[i] = x
  LOG[x] = i
}

/** A valid codeword's polynomial vanishes at α^0 … α^(n-1). */
function syndromesAreZero(bytes: readonly number[], eccLength: number): boolean {
  for (let i = 0; i < eccLength; i++) {
    let value = 0
    for (const byte of bytes) value = (value === 0 ? 0 : EXP[(LOG[value]! + i) % 255]!) ^ byte
    if (value !== 0) return false
  }
  return true
}

function readByteMode(data: readonly number[], version: number): string {
  const bits = data.map((byte) => byte.toString(2).padStart(8, '0')).join('')
  let at = 0
  const take = (length: number): number => parseInt(bits.slice(at, (at += length)), 2)
  const mode = take(4)
  if (mode !== 0b0100) throw new Error(`mode ${mode.toString(2)} is not byte mode`)
  const length = take(version <= 9 ? 8 : 16)
  const bytes = Uint8Array.from({ length }, () => take(8))
  const rest = bits.slice(at)
  const terminator = rest.slice(0, Math.min(4, rest.length))
  if (/1/.test(terminator)) throw new Error('terminator is not zero')
  const padStart = Math.ceil((at + terminator.length) / 8)
  data.slice(padStart).forEach((byte, k) => {
    if (byte !== (k % 2 === 0 ? 0xec : 0x11)) throw new Error(`pad codeword ${k} is ${byte}`)
  })
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
}

/** Rebuilds the matrix from an SVG path of `M x y h1v1h-1z` squares (what the pages draw). */
export function matrixFromSvgPath(d: string, margin: number, size: number): boolean[][] {
  const modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  for (const match of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) modules[Number(match[2]) - margin]![Number(match[1]) - margin] = true
  return modules
}
