/**
 * The block structure of a QR code symbol (ISO/IEC 18004:2015 §7.5 and Table 9): how many
 * codewords a version holds, how they split into data and error correction, and the Reed-Solomon
 * code over GF(2^8) that protects each block. Pure: the phone app and Node tests both use it.
 */

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H'

export const QR_MIN_VERSION = 1
export const QR_MAX_VERSION = 40

/** Table 9, error correction codewords per block; index = version (0 unused). */
const ECC_CODEWORDS_PER_BLOCK: Record<QrErrorCorrection, readonly number[]> = {
  L: [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  M: [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  Q: [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  H: [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
}

/** Table 9, number of error correction blocks; index = version (0 unused). */
const ECC_BLOCKS: Record<QrErrorCorrection, readonly number[]> = {
  L: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  M: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  Q: [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  H: [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
}

/** The size of a version's symbol in modules (§6.3.1: 21 for version 1, 4 more per version). */
export function qrSymbolSize(version: number): number {
  return version * 4 + 17
}

/** Centres of the alignment patterns on either axis (Annex E): evenly spaced from 6 to size-7. */
export function qrAlignmentPositions(version: number): number[] {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2
  const positions = [6]
  for (let position = qrSymbolSize(version) - 7; positions.length < count; position -= step) positions.splice(1, 0, position)
  return positions
}

/** Modules left for data and error correction once every function pattern is drawn (Table 1). */
export function qrRawDataModules(version: number): number {
  let modules = (16 * version + 128) * version + 64
  if (version >= 2) {
    const alignments = Math.floor(version / 7) + 2
    modules -= (25 * alignments - 10) * alignments - 55
    if (version >= 7) modules -= 36
  }
  return modules
}

/** Data codewords the version holds at the level (Table 7): total codewords less the ECC ones. */
export function qrDataCodewords(version: number, ecc: QrErrorCorrection): number {
  return Math.floor(qrRawDataModules(version) / 8) - eccPerBlock(version, ecc) * blockCount(version, ecc)
}

/**
 * Splits the data codewords into blocks, appends each block's Reed-Solomon codewords and
 * interleaves them (§7.6): first data codeword of every block, then the second, ..., then the
 * error correction codewords the same way.
 */
export function qrCodewordsWithEcc(data: readonly number[], version: number, ecc: QrErrorCorrection): number[] {
  const blocks = blockCount(version, ecc)
  const eccLength = eccPerBlock(version, ecc)
  const totalCodewords = Math.floor(qrRawDataModules(version) / 8)
  const shortBlocks = blocks - (totalCodewords % blocks)
  const shortDataLength = Math.floor(totalCodewords / blocks) - eccLength
  const divisor = reedSolomonDivisor(eccLength)
  const dataBlocks: number[][] = []
  const eccBlocks: number[][] = []
  for (let index = 0, offset = 0; index < blocks; index++) {
    const length = shortDataLength + (index < shortBlocks ? 0 : 1)
    const block = data.slice(offset, offset + length)
    offset += length
    dataBlocks.push(block)
    eccBlocks.push(reedSolomonRemainder(block, divisor))
  }
  return [...interleave(dataBlocks, shortDataLength + 1), ...interleave(eccBlocks, eccLength)]
}

function interleave(blocks: readonly number[][], longest: number): number[] {
  const result: number[] = []
  for (let column = 0; column < longest; column++) {
    for (const block of blocks) if (column < block.length) result.push(block[column]!)
  }
  return result
}

function eccPerBlock(version: number, ecc: QrErrorCorrection): number {
  return ECC_CODEWORDS_PER_BLOCK[ecc][version]!
}

function blockCount(version: number, ecc: QrErrorCorrection): number {
  return ECC_BLOCKS[ecc][version]!
}

/** The generator polynomial of degree n (§7.5.2): the product of (x - α^i) for i < n, leading 1 omitted. */
export function reedSolomonDivisor(degree: number): number[] {
  const coefficients = new Array<number>(degree).fill(0)
  coefficients[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      coefficients[j] = gfMultiply(coefficients[j]!, root)
      if (j + 1 < degree) coefficients[j] = coefficients[j]! ^ coefficients[j + 1]!
    }
    root = gfMultiply(root, 0x02)
  }
  return coefficients
}

/** The error correction codewords: the remainder of data·x^n divided by the generator. */
export function reedSolomonRemainder(data: readonly number[], divisor: readonly number[]): number[] {
  const remainder = new Array<number>(divisor.length).fill(0)
  for (const byte of data) {
    const factor = byte ^ remainder.shift()!
    remainder.push(0)
    for (let i = 0; i < divisor.length; i++) remainder[i] = remainder[i]! ^ gfMultiply(divisor[i]!, factor)
  }
  return remainder
}

/** Multiplication in GF(2^8) modulo the QR code's field polynomial x^8+x^4+x^3+x^2+1 (0x11D). */
export function gfMultiply(x: number, y: number): number {
  let product = 0
  for (let bit = 7; bit >= 0; bit--) {
    product = (product << 1) ^ ((product >>> 7) * 0x11d)
    product ^= ((y >>> bit) & 1) * x
  }
  return product
}
