/** Decoding a message payload is an expected failure path: a value, never an exception. */
export type MessageDecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string }

/** OSDP carries times in 100 ms units in one byte. */
export function toTenths(ms: number): number {
  const tenths = Math.round(ms / 100)
  if (!Number.isFinite(ms) || tenths < 0 || tenths > 0xff) {
    throw Object.assign(new Error(`${ms} ms does not fit in one byte of 100 ms units`), { code: 'VALUE_OUT_OF_RANGE' })
  }
  return tenths
}

export function fromTenths(tenths: number): number {
  return tenths * 100
}
