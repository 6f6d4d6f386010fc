/**
 * The temporary entry pass (临时出入证) a returnee gets at the returnee lane (story 4), pure:
 * which number it carries, how long it holds, and who may issue it.
 *
 * One registration, one pass number: the number is made from the registration's id, so asking
 * twice (a double tap, a lost answer on a weak phone connection) finds the pass already issued
 * instead of issuing a second one. The id's suffix is 60 random bits, so the number cannot be
 * guessed from another pass.
 *
 * Who: the admin for anyone; a grid manager for the returnees of their grid; gate staff for the
 * returnees they registered themselves, within a day of registering them — a volunteer hands a
 * pass to the person in front of them, not to anyone in the register.
 */
import type { Caller } from '../caller.js'
import { mayManageGrid } from './people-scope.js'

export const TEMPORARY_PASS_DAYS = { min: 1, max: 7, default: 3 } as const

const DAY_MS = 86_400_000

/** Gate staff issue the pass for their own registration within this long of registering it. */
export const STAFF_ISSUE_WINDOW_MS = DAY_MS

/** Pass numbers are at most 32 of [0-9A-Z] (credential-lookup-key.ts); R + 12 is well within. */
const SUFFIX_CHARS = 12

/** `ret-8k2m0q4x7w1z` → `R8K2M0Q4X7W1Z`. */
export function temporaryPassNumberOf(returneeId: string): string {
  const suffix = returneeId.replace(/^[a-z0-9]+-/i, '').replace(/[^0-9a-z]/gi, '').toUpperCase().slice(-SUFFIX_CHARS)
  return `R${suffix}`
}

/** Valid from now for `days` whole days. */
export function temporaryPassWindow(nowMs: number, days: number): { readonly validFromMs: number; readonly validUntilMs: number } {
  return { validFromMs: nowMs, validUntilMs: nowMs + days * DAY_MS }
}

/** What the rule needs to know of a registration. */
export interface ReturneeForPass {
  readonly gridId: string | null
  readonly registeredByAccountId: string
  readonly registeredAtMs: number
}

export type TemporaryPassRefusal =
  | { readonly ok: false; readonly code: 'OUT_OF_SCOPE'; readonly message: string }
  | { readonly ok: false; readonly code: 'REGISTRATION_TOO_OLD'; readonly message: string }

export function mayIssueTemporaryPass(caller: Caller, returnee: ReturneeForPass, nowMs: number): { readonly ok: true } | TemporaryPassRefusal {
  if (caller.role === 'gate-staff') {
    if (returnee.registeredByAccountId !== caller.accountId) {
      return { ok: false, code: 'OUT_OF_SCOPE', message: 'gate staff issue temporary passes for the returnees they registered themselves' }
    }
    if (nowMs - returnee.registeredAtMs > STAFF_ISSUE_WINDOW_MS) {
      return { ok: false, code: 'REGISTRATION_TOO_OLD', message: 'registered more than a day ago: the community office issues this pass' }
    }
    return { ok: true }
  }
  if (mayManageGrid(caller, returnee.gridId)) return { ok: true }
  return { ok: false, code: 'OUT_OF_SCOPE', message: 'this returnee is outside your grid' }
}
