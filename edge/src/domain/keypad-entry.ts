/**
 * PIN entry on a reader's keypad: digits accumulate, `#` submits, `*` clears, and a pause longer
 * than the timeout starts over (someone walked away half-way). Pure; time is passed in.
 */
export interface KeypadEntry {
  readonly digits: string
  readonly lastKeyAtMs: number
}

export interface KeypadResult {
  readonly entry: KeypadEntry
  /** PINs completed by `#` in this batch of keys. */
  readonly submitted: readonly string[]
  readonly isTimedOut: boolean
}

export const EMPTY_KEYPAD_ENTRY: KeypadEntry = { digits: '', lastKeyAtMs: 0 }
const MAX_DIGITS = 12

export function pressKeys(entry: KeypadEntry, keys: string, nowMs: number, timeoutMs: number): KeypadResult {
  const isTimedOut = entry.digits.length > 0 && nowMs - entry.lastKeyAtMs > timeoutMs
  let digits = isTimedOut ? '' : entry.digits
  const submitted: string[] = []
  for (const key of keys) {
    if (key === '#') {
      if (digits.length > 0) submitted.push(digits)
      digits = ''
    } else if (key === '*') {
      digits = ''
    } else if (/[0-9]/.test(key) && digits.length < MAX_DIGITS) {
      digits += key
    }
  }
  return { entry: { digits, lastKeyAtMs: nowMs }, submitted, isTimedOut }
}
