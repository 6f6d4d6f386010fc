/**
 * The id of a compiled access row, derived from what the row says (person, door, schedule,
 * lockdown exemption), so the same permission keeps the same id in every version and a delta
 * carries only the rows that really came or went. `acc-` and 64 bits of two independent 32-bit
 * string hashes, in hex: a valid protocol identifier, short, and fast to compute for a million
 * rows (a cryptographic hash is not needed: `compileEdgePolicy` resolves the rare collision).
 */
export function accessRowKey(personId: string, doorId: string, scheduleId: string | null, isLockdownExempt: boolean): string {
  return `${personId}\n${doorId}\n${scheduleId ?? ''}\n${isLockdownExempt ? 1 : 0}`
}

export function accessRowIdOf(key: string): string {
  return `acc-${hex32(hash32(key, 0x9e3779b9))}${hex32(hash32(key, 0x85ebca6b))}`
}

/** A murmur3-style 32-bit hash of the string's UTF-16 code units. */
function hash32(text: string, seed: number): number {
  let h = seed >>> 0
  for (let index = 0; index < text.length; index++) {
    let k = Math.imul(text.charCodeAt(index), 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    h ^= Math.imul(k, 0x1b873593)
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  h ^= text.length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0')
}
