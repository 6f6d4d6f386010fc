import type { AccessFailure, AccessFailureCode, AccessOutcome } from '../../../domain/access/access-failure.js'
import type { Caller } from '../../../domain/caller.js'
import { auditActorOf } from '../../sqlite/append-audit.js'
import type { ChangeContext } from '../../sqlite/access/access-change.js'
import { HubHttpError } from '../hub-http-error.js'
import type { AccessRouteDeps } from './access-route-deps.js'

const STATUS_OF: Record<AccessFailureCode, number> = {
  NOT_FOUND: 404,
  EDGE_EXISTS: 409,
  DOOR_EXISTS: 409,
  NAME_TAKEN: 409,
  DUPLICATE_LOOKUP_KEY: 409,
  PHONE_KEY_EXISTS: 409,
  IN_USE: 409,
  ALREADY_REVOKED: 409,
  ALREADY_ENDED: 409,
  HOST_HAS_NO_BUILDING: 409,
  REQUEST_NOT_PENDING: 409,
  REQUEST_LAPSED: 409,
  OUT_OF_SCOPE: 403,
  BAD_DOOR: 400,
  BAD_WINDOW: 400,
  BAD_DATE: 400,
  BAD_RULE: 400,
  BAD_INTERVAL: 400,
  BAD_CREDENTIAL: 400,
  BAD_PUBLIC_KEY: 400,
  BAD_BINDING: 400,
  BAD_EXTENSION: 400,
  BAD_VISITOR_PASS: 400,
  UNKNOWN_REFERENCE: 400,
}

/** The HTTP answer to a refusal: its status by code, the code and message unchanged. */
export function httpErrorOf(failure: AccessFailure): HubHttpError {
  return new HubHttpError(STATUS_OF[failure.code], failure.code, failure.message, failure.details ?? [])
}

export type AccountChangeContext = ChangeContext & { readonly accountId: string }

/**
 * Runs one change of the access model for `caller` at the clock's now (the repository writes it
 * and its audit row in one transaction). A refusal becomes its HTTP error and nobody is told;
 * after a commit the policy change listener hears `why(value)` at once, synchronously, so a
 * revocation starts towards the edges before the HTTP answer leaves. A listener failure is
 * logged, not answered: the change is committed, and saying otherwise would invite a retry.
 */
export function commitAccessChange<T>(
  deps: AccessRouteDeps,
  caller: Caller,
  change: (context: AccountChangeContext) => AccessOutcome<T>,
  why: (value: T) => string,
): T {
  const outcome = change({ actor: auditActorOf(caller), atMs: deps.clock.now(), accountId: caller.accountId })
  if (!outcome.ok) throw httpErrorOf(outcome)
  const reason = why(outcome.value)
  try {
    deps.policyChanges.modelChanged(reason)
  } catch (error) {
    deps.log.error({ err: error, why: reason }, 'policy change listener failed')
  }
  return outcome.value
}

/** 404 NOT_FOUND for a record that does not exist (or that the caller may not know of). */
export function notFoundError(what: string): HubHttpError {
  return new HubHttpError(404, 'NOT_FOUND', `${what} not found`)
}
