import type { FastifyRequest } from 'fastify'
import type { Caller, HubRole } from '../../domain/caller.js'
import { HubHttpError } from './hub-http-error.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by buildHubApp's authentication hook; null for an anonymous request. */
    caller: Caller | null
  }
}

/**
 * The signed-in caller if their role is one of `roles`; otherwise 401 SIGN_IN_REQUIRED or 403
 * FORBIDDEN. Scope (their grid, their checkpoint, their household) is checked by the route after.
 */
export function requireCaller(request: FastifyRequest, roles: readonly HubRole[]): Caller {
  const caller = request.caller
  if (caller === null) throw new HubHttpError(401, 'SIGN_IN_REQUIRED', 'sign in first')
  if (!roles.includes(caller.role)) throw new HubHttpError(403, 'FORBIDDEN', `not allowed for role ${caller.role}`)
  return caller
}
