import type { WiegandEdge } from '../../edge/src/domain/wiegand-frame-assembler.js'

/** Bits as written in the references, spaces ignored: "1 11010100 0001101110000001 0". */
export function bitsOf(text: string): (0 | 1)[] {
  return [...text.replace(/\s/g, '')].map((bit) => (bit === '1' ? 1 : 0))
}

/** Falling edges for a frame: one per bit, `intervalMs` apart (2 ms is typical: reference §2). */
export function edgesFor(bits: readonly (0 | 1)[], startMs: number, intervalMs = 2): WiegandEdge[] {
  return bits.map((line, index) => ({ line, atMs: startMs + index * intervalMs }))
}

/** H10301, FC 212, card 7041 (CIVINTEC CN56 manual §6.4.2, reference §2). */
export const H10301_FC212_CARD7041 = '1 11010100 0001101110000001 0'
/** 34-bit, FC 35284, card 7041 = 0x89D41B81 (reference §2). */
export const W34_FC35284_CARD7041 = '1 1000100111010100 0001101110000001 1'
