/**
 * A QR code encoder (ISO/IEC 18004:2015, Model 2), written here so that no page fetches one:
 * byte mode (the text as UTF-8), levels L/M/Q/H, versions 1–40, the mask chosen by the penalty
 * score of §7.8.3. Pure (no DOM), so the phone app draws it and Node tests check it.
 *
 *   qrCodeMatrix('GH1.…', { ecc: 'M' })        the modules, true = dark
 *   qrCodeSvg('https://…', { moduleSize: 8 })  a standalone SVG document (posters, data: URLs)
 *   qrCodeSvgPath(matrix)                      one path's `d` for building the SVG in the DOM
 */
import {
  QR_MAX_VERSION,
  QR_MIN_VERSION,
  type QrErrorCorrection,
  qrAlignmentPositions,
  qrCodewordsWithEcc,
  qrDataCodewords,
  qrSymbolSize,
} from './qr-code-blocks.js'

export type { QrErrorCorrection } from './qr-code-blocks.js'

export interface QrCodeMatrix {
  readonly version: number
  readonly ecc: QrErrorCorrection
  /** The mask pattern used (0–7, §7.8.2). */
  readonly mask: number
  /** Modules per side. */
  readonly size: number
  /** `modules[y][x]`, true = dark; without the quiet zone. */
  readonly modules: readonly (readonly boolean[])[]
}

export interface QrCodeOptions {
  /** Error correction level; M (15 %) unless told. */
  readonly ecc?: QrErrorCorrection
  readonly minVersion?: number
  readonly maxVersion?: number
  /** Force a mask (tests, golden symbols); otherwise the lowest penalty wins. */
  readonly mask?: number
}

export interface QrCodeSvgOptions extends QrCodeOptions {
  /** Side of one module in SVG user units (default 8). */
  readonly moduleSize?: number
  /** Quiet zone in modules (default 4, the minimum §6.3.8 asks for). */
  readonly margin?: number
}

export interface QrCodeError extends Error {
  readonly code: 'QR_DATA_TOO_LONG' | 'QR_BAD_OPTION'
}

/** §7.9.1, Table 12: the two format bits of each level. */
const ECC_FORMAT_BITS: Record<QrErrorCorrection, number> = { L: 1, M: 0, Q: 3, H: 2 }
const BYTE_MODE = 0b0100

/** The symbol for `text` encoded as UTF-8 bytes in byte mode. */
export function qrCodeMatrix(text: string, options: QrCodeOptions = {}): QrCodeMatrix {
  return qrCodeMatrixOfBytes(new TextEncoder().encode(text), options)
}

/** The symbol for raw bytes in byte mode, in the smallest version that holds them. */
export function qrCodeMatrixOfBytes(bytes: Uint8Array, options: QrCodeOptions = {}): QrCodeMatrix {
  const ecc = options.ecc ?? 'M'
  const minVersion = options.minVersion ?? QR_MIN_VERSION
  const maxVersion = options.maxVersion ?? QR_MAX_VERSION
  if (!(ecc in ECC_FORMAT_BITS)) throw qrError('QR_BAD_OPTION', `unknown error correction level ${String(ecc)}`)
  if (!(QR_MIN_VERSION <= minVersion && minVersion <= maxVersion && maxVersion <= QR_MAX_VERSION)) {
    throw qrError('QR_BAD_OPTION', `versions must lie within ${QR_MIN_VERSION}–${QR_MAX_VERSION}, smallest first`)
  }
  if (options.mask !== undefined && !(Number.isInteger(options.mask) && options.mask >= 0 && options.mask <= 7)) {
    throw qrError('QR_BAD_OPTION', 'a mask is 0–7')
  }
  for (let version = minVersion; version <= maxVersion; version++) {
    if (byteModeBits(bytes.length, version) <= qrDataCodewords(version, ecc) * 8) {
      const codewords = qrCodewordsWithEcc(dataCodewords(bytes, version, ecc), version, ecc)
      return buildSymbol(codewords, version, ecc, options.mask)
    }
  }
  throw qrError('QR_DATA_TOO_LONG', `${bytes.length} bytes do not fit a version-${maxVersion} QR code at level ${ecc}`)
}

/** The dark modules as one SVG path (`M x y h1 v1 h-1 z` per module), in module units. */
export function qrCodeSvgPath(matrix: QrCodeMatrix, margin = 0): string {
  const parts: string[] = []
  matrix.modules.forEach((row, y) => {
    row.forEach((isDark, x) => {
      if (isDark) parts.push(`M${x + margin} ${y + margin}h1v1h-1z`)
    })
  })
  return parts.join('')
}

/** A standalone SVG document: white background with the quiet zone, dark modules in black. */
export function qrCodeSvg(text: string, options: QrCodeSvgOptions = {}): string {
  const matrix = qrCodeMatrix(text, options)
  const margin = options.margin ?? 4
  const moduleSize = options.moduleSize ?? 8
  const side = matrix.size + margin * 2
  const pixels = side * moduleSize
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${pixels}" height="${pixels}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path d="${qrCodeSvgPath(matrix, margin)}" fill="#000"/></svg>`
  )
}

/** Mode indicator, character count (8 bits up to version 9, 16 after: Table 3) and the bytes. */
function byteModeBits(length: number, version: number): number {
  const countBits = version <= 9 ? 8 : 16
  return length < 2 ** countBits ? 4 + countBits + length * 8 : Infinity
}

/** §7.4: the bit stream, terminator, zero padding to a byte, then 0xEC 0x11 pad codewords. */
function dataCodewords(bytes: Uint8Array, version: number, ecc: QrErrorCorrection): number[] {
  const capacityBits = qrDataCodewords(version, ecc) * 8
  const bits: number[] = []
  appendBits(bits, BYTE_MODE, 4)
  appendBits(bits, bytes.length, version <= 9 ? 8 : 16)
  for (const byte of bytes) appendBits(bits, byte, 8)
  appendBits(bits, 0, Math.min(4, capacityBits - bits.length))
  appendBits(bits, 0, (8 - (bits.length % 8)) % 8)
  const codewords: number[] = []
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((byte, bit) => (byte << 1) | bit, 0))
  for (let pad = 0xec; codewords.length < capacityBits / 8; pad ^= 0xec ^ 0x11) codewords.push(pad)
  return codewords
}

function appendBits(bits: number[], value: number, length: number): void {
  for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1)
}

type Grid = boolean[][]

function buildSymbol(codewords: readonly number[], version: number, ecc: QrErrorCorrection, forcedMask: number | undefined): QrCodeMatrix {
  const size = qrSymbolSize(version)
  const modules: Grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  const isFunction: Grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  drawFunctionPatterns(modules, isFunction, version)
  placeCodewords(modules, isFunction, codewords)
  let bestMask = forcedMask ?? 0
  if (forcedMask === undefined) {
    let bestPenalty = Infinity
    for (let mask = 0; mask < 8; mask++) {
      const candidate = withMask(modules, isFunction, mask)
      drawFormatBits(candidate, isFunction, ecc, mask)
      const penalty = qrPenaltyScore(candidate)
      if (penalty < bestPenalty) [bestMask, bestPenalty] = [mask, penalty]
    }
  }
  const masked = withMask(modules, isFunction, bestMask)
  drawFormatBits(masked, isFunction, ecc, bestMask)
  return { version, ecc, mask: bestMask, size, modules: masked }
}

function drawFunctionPatterns(modules: Grid, isFunction: Grid, version: number): void {
  const size = modules.length
  const set = (x: number, y: number, isDark: boolean): void => {
    modules[y]![x] = isDark
    isFunction[y]![x] = true
  }
  // §6.3.5: timing patterns on row and column 6.
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0)
    set(i, 6, i % 2 === 0)
  }
  // §6.3.3: finder patterns with their separators, in three corners.
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx
        const y = cy + dy
        const ring = Math.max(Math.abs(dx), Math.abs(dy))
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, ring !== 2 && ring !== 4)
      }
    }
  }
  // §6.3.6: alignment patterns everywhere on the grid except over the finders.
  const positions = qrAlignmentPositions(version)
  const last = positions.length - 1
  positions.forEach((cy, row) => {
    positions.forEach((cx, column) => {
      if ((row === 0 && column === 0) || (row === 0 && column === last) || (row === last && column === 0)) return
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
    })
  })
  // Reserve the format areas now (drawn per mask later) and draw the version information.
  drawFormatBits(modules, isFunction, 'M', 0)
  if (version >= 7) drawVersionBits(modules, isFunction, version)
}

/** §7.9: BCH(15,5) with generator 0x537, XOR 0x5412, in both copies, plus the dark module. */
function drawFormatBits(modules: Grid, isFunction: Grid, ecc: QrErrorCorrection, mask: number): void {
  const bits = qrFormatBits(ecc, mask)
  const size = modules.length
  const set = (x: number, y: number, isDark: boolean): void => {
    modules[y]![x] = isDark
    isFunction[y]![x] = true
  }
  const bit = (i: number): boolean => ((bits >>> i) & 1) !== 0
  for (let i = 0; i <= 5; i++) set(8, i, bit(i))
  set(8, 7, bit(6))
  set(8, 8, bit(7))
  set(7, 8, bit(8))
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i))
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i))
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i))
  set(8, size - 8, true)
}

/** The 15 format bits for a level and mask, mask pattern XOR applied (Annex C). */
export function qrFormatBits(ecc: QrErrorCorrection, mask: number): number {
  const data = (ECC_FORMAT_BITS[ecc] << 3) | mask
  let remainder = data
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537)
  return ((data << 10) | remainder) ^ 0x5412
}

/** The 18 version bits (Annex D): BCH(18,6) with generator 0x1F25. */
export function qrVersionBits(version: number): number {
  let remainder = version
  for (let i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25)
  return (version << 12) | remainder
}

function drawVersionBits(modules: Grid, isFunction: Grid, version: number): void {
  const bits = qrVersionBits(version)
  const size = modules.length
  for (let i = 0; i < 18; i++) {
    const isDark = ((bits >>> i) & 1) !== 0
    const a = size - 11 + (i % 3)
    const b = Math.floor(i / 3)
    for (const [x, y] of [[a, b], [b, a]] as const) {
      modules[y]![x] = isDark
      isFunction[y]![x] = true
    }
  }
}

/** §7.7.3: two-module columns from the right, upwards then downwards, skipping column 6. */
function placeCodewords(modules: Grid, isFunction: Grid, codewords: readonly number[]): void {
  const size = modules.length
  const totalBits = codewords.length * 8
  let index = 0
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    const isUpward = ((right + 1) & 2) === 0
    for (let step = 0; step < size; step++) {
      const y = isUpward ? size - 1 - step : step
      for (const x of [right, right - 1]) {
        if (isFunction[y]![x] || index >= totalBits) continue
        modules[y]![x] = ((codewords[index >>> 3]! >>> (7 - (index & 7))) & 1) !== 0
        index++
      }
    }
  }
}

/** §7.8.2, Table 10: the eight data mask conditions (i = row, j = column). */
export function qrMaskApplies(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0: return (x + y) % 2 === 0
    case 1: return y % 2 === 0
    case 2: return x % 3 === 0
    case 3: return (x + y) % 3 === 0
    case 4: return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0
    case 5: return ((x * y) % 2) + ((x * y) % 3) === 0
    case 6: return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0
    default: return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0
  }
}

function withMask(modules: Grid, isFunction: Grid, mask: number): Grid {
  return modules.map((row, y) => row.map((isDark, x) => (isFunction[y]![x] ? isDark : isDark !== qrMaskApplies(mask, x, y))))
}

/** §7.8.3, Table 11: runs of five or more, 2×2 blocks, finder-like 1:1:3:1:1 runs, dark balance. */
export function qrPenaltyScore(modules: readonly (readonly boolean[])[]): number {
  const size = modules.length
  const columns = modules.map((_, x) => modules.map((row) => row[x]!))
  let score = 0
  for (const line of [...modules, ...columns]) score += linePenalty(line)
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const colour = modules[y]![x]
      if (colour === modules[y]![x + 1] && colour === modules[y + 1]![x] && colour === modules[y + 1]![x + 1]) score += 3
    }
  }
  const dark = modules.reduce((sum, row) => sum + row.filter(Boolean).length, 0)
  const total = size * size
  score += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10
  return score
}

const FINDER_LIKE = [
  [true, false, true, true, true, false, true, false, false, false, false],
  [false, false, false, false, true, false, true, true, true, false, true],
]

function linePenalty(line: readonly boolean[]): number {
  let score = 0
  let runLength = 1
  for (let i = 1; i <= line.length; i++) {
    if (i < line.length && line[i] === line[i - 1]) {
      runLength++
      continue
    }
    if (runLength >= 5) score += 3 + (runLength - 5)
    runLength = 1
  }
  for (let start = 0; start + 11 <= line.length; start++) {
    for (const pattern of FINDER_LIKE) if (pattern.every((isDark, k) => line[start + k] === isDark)) score += 40
  }
  return score
}

function qrError(code: QrCodeError['code'], message: string): QrCodeError {
  return Object.assign(new Error(message), { code })
}
