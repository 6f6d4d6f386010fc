/**
 * The id of a compiled access row, derived from what the row says (person, door, schedule,
 * lockdown exemption), so the same permission keeps the same id in every version and a delta
 * carries only the rows that really came or went. `acc-` and 96 bits of three independent 32-bit
 * murmur-style hashes, in hex: a valid protocol identifier, computed in one pass without building
 * a key string (a million rows per compile). Two different rows of one policy share an id with a
 * probability of about n²/2⁹⁷ — 10⁻¹⁷ for a million rows — so collisions are not handled.
 */
export function accessRowId(personId: string, doorId: string, scheduleId: string | null, isLockdownExempt: boolean): string {
  const state = { a: 0x9e3779b9, b: 0x85ebca6b, c: 0xc2b2ae35, length: 0 }
  mix(state, personId)
  mix(state, doorId)
  mix(state, scheduleId ?? '')
  mix(state, isLockdownExempt ? '1' : '0')
  return `acc-${hex32(finish(state.a, state.length))}${hex32(finish(state.b, state.length))}${hex32(finish(state.c, state.length))}`
}

interface HashState {
  a: number
  b: number
  c: number
  length: number
}

/** Feeds the part's UTF-16 code units, then a line feed (ids never hold one), to all three hashes. */
function mix(state: HashState, part: string): void {
  for (let index = 0; index <= part.length; index++) {
    const unit = index < part.length ? part.charCodeAt(index) : 10
    let k = Math.imul(unit, 0xcc9e2d51)
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593)
    state.a = step(state.a ^ k)
    state.b = step(state.b ^ Math.imul(k, 0x27d4eb2f))
    state.c = step(state.c ^ Math.imul(k ^ (k >>> 16), 0x165667b1))
  }
  state.length += part.length + 1
}

function step(h: number): number {
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

function finish(h: number, length: number): number {
  h ^= length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Two hex digits of every byte: a table lookup is an order of magnitude faster than toString(16). */
const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

function hex32(value: number): string {
  return HEX_BYTE[value >>> 24]! + HEX_BYTE[(value >>> 16) & 255]! + HEX_BYTE[(value >>> 8) & 255]! + HEX_BYTE[value & 255]!
}
