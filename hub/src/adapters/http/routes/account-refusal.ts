import type { FastifyReply } from 'fastify'
import { describePasswordViolation } from '../../../domain/accounts/password-policy.js'
import { HubHttpError } from '../hub-http-error.js'

const STATUS_AND_TEXT: Readonly<Record<string, readonly [number, string]>> = {
  INVALID_CREDENTIALS: [401, 'wrong username or password'],
  ACCOUNT_DISABLED: [403, 'this account is disabled'],
  SIGN_IN_LOCKED: [429, 'too many failed sign-ins for this username; try again later'],
  TOO_MANY_ATTEMPTS: [429, 'too many failed attempts from this address; try again later'],
  CURRENT_PASSWORD_WRONG: [403, 'the current password is wrong'],
  WEAK_PASSWORD: [400, 'the new password does not meet the password policy'],
  ALREADY_SET_UP: [409, 'the hub already has an admin; setup is closed'],
  SETUP_TOKEN_INVALID: [403, 'this setup token is not valid (already used, replaced by a restart, or mistyped)'],
  SETUP_TOKEN_EXPIRED: [403, 'this setup token has expired; restart the hub for a new one'],
  USERNAME_TAKEN: [409, 'this username is taken'],
  INVALID_SCOPE: [400, "the account's grid, checkpoint, landlord or person does not fit its role"],
  LAST_ADMIN: [409, 'the last enabled admin cannot be demoted or disabled'],
  NOT_FOUND: [404, 'account not found'],
}

export type AccountRefusal =
  | { readonly code: string; readonly retryAfterMs: number }
  | { readonly code: 'WEAK_PASSWORD'; readonly violations: readonly string[] }
  | { readonly code: 'INVALID_SCOPE'; readonly violations: readonly string[] }
  | { readonly code: string }

/** The HTTP error for a refused account operation; sets Retry-After on 429s. */
export function accountRefusal(reply: FastifyReply, refusal: AccountRefusal): HubHttpError {
  const [status, text] = STATUS_AND_TEXT[refusal.code] ?? [400, refusal.code]
  if ('retryAfterMs' in refusal) reply.header('retry-after', String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000))))
  const violations = 'violations' in refusal ? refusal.violations : []
  const details = refusal.code === 'WEAK_PASSWORD' ? violations.map(describePasswordViolation) : violations
  return new HubHttpError(status, refusal.code, text, details)
}
