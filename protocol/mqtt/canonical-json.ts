/**
 * The JSON Canonicalization Scheme (RFC 8785) for the values MQTT messages hold: object members
 * sorted by the UTF-16 code units of their names (§3.2.3), no whitespace, strings and numbers
 * serialised as ECMAScript's JSON.stringify does (§3.2.2). Members whose value is `undefined` are
 * left out, as JSON.stringify leaves them out. Any RFC 8785 library in another language produces
 * the same text, so a signature can be checked without this code.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`)
    return `{${members.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
