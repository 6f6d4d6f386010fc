import { randomBytes, randomInt } from 'node:crypto'
import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'

/** A visitor pass is time-boxed: a day at most unless the site allows longer. */
export const DEFAULT_VISITOR_PASS_MAX_MS = 24 * 3_600_000

/**
 * How the visitor presents the pass: a QR code the host's phone shows or sends (lookup key
 * `visitor:<code>`), or a number typed on the readers' keypads (`pin:<digits>`).
 */
export const VISITOR_CODE_FORMS = ['qr', 'keypad'] as const
export type VisitorCodeForm = (typeof VISITOR_CODE_FORMS)[number]

/** 12 random bytes: 96 bits, 16 base64url characters. */
const QR_CODE_BYTES = 12
const KEYPAD_CODE_DIGITS = 8

export interface VisitorPassWindow {
  readonly validFromMs: number
  readonly validUntilMs: number
}

/**
 * The window of a new visitor pass: from `validFromMs` (default now, not in the past) until
 * `validUntilMs`, at most `maxMs` long, and not starting more than `maxMs` ahead either.
 */
export function visitorPassWindow(
  input: { readonly validFromMs?: number | undefined; readonly validUntilMs: number },
  nowMs: number,
  maxMs: number,
): AccessOutcome<VisitorPassWindow> {
  const validFromMs = Math.max(input.validFromMs ?? nowMs, nowMs)
  const { validUntilMs } = input
  if (validUntilMs <= validFromMs) return accessFailure('BAD_VISITOR_PASS', 'the pass must end after it starts, and after now')
  if (validUntilMs - validFromMs > maxMs) {
    return accessFailure('BAD_VISITOR_PASS', `a visitor pass lasts at most ${Math.round(maxMs / 3_600_000)} hours`)
  }
  if (validFromMs - nowMs > maxMs) return accessFailure('BAD_VISITOR_PASS', 'a visitor pass starts within a day')
  return accessSuccess({ validFromMs, validUntilMs })
}

/** A fresh, unguessable visitor code in the form's lookup-key syntax (credential-lookup-key.ts). */
export function newVisitorCode(form: VisitorCodeForm): { readonly code: string; readonly lookupKey: string } {
  if (form === 'qr') {
    const code = randomBytes(QR_CODE_BYTES).toString('base64url')
    return { code, lookupKey: `visitor:${code}` }
  }
  let code = ''
  for (let index = 0; index < KEYPAD_CODE_DIGITS; index += 1) code += String(randomInt(10))
  return { code, lookupKey: `pin:${code}` }
}
