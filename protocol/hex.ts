/** Parses "FF 53 65" / "ff5365" into bytes; used by golden fixtures and the control CLI. */
export function fromHex(text: string): Buffer {
  const digits = text.replace(/[\s:]/g, '')
  if (digits.length % 2 !== 0 || /[^0-9a-fA-F]/.test(digits)) {
    throw Object.assign(new Error(`not a hex byte string: "${text}"`), { code: 'BAD_HEX' })
  }
  return Buffer.from(digits, 'hex')
}

/** Formats bytes as "FF 53 65", the form used in the specification and in trace logs. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')
}
