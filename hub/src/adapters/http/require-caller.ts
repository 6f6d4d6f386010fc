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

/** 403 OUT_OF_SCOPE: the role may do this, but not to that record. */
export function outOfScope(what: string): HubHttpError {
  return new HubHttpError(403, 'OUT_OF_SCOPE', `${what} is outside your scope`)
}

/**
 * Scope checks, after requireCaller. Each passes an admin, passes its own role when the record
 * is theirs, and refuses every other caller with 403 OUT_OF_SCOPE. Pass what the *stored* record
 * says (the building's grid, the door's edge), never what the request claims.
 */
export function requireGridScope(caller: Caller, gridId: string | null): void {
  if (caller.role === 'admin') return
  if (caller.role === 'grid-manager' && caller.gridId !== null && caller.gridId === gridId) return
  throw outOfScope(gridId === null ? 'a record with no grid' : `grid ${gridId}`)
}

/** Gate staff work at one checkpoint (edge): its doors, its queue, its events. */
export function requireCheckpointScope(caller: Caller, edgeId: string): void {
  if (caller.role === 'admin') return
  if (caller.role === 'gate-staff' && caller.checkpointEdgeId === edgeId) return
  throw outOfScope(`checkpoint ${edgeId}`)
}

/** A landlord sees their own tenants (persons whose landlord_id is theirs) and declarations. */
export function requireLandlordScope(caller: Caller, landlordId: string | null): void {
  if (caller.role === 'admin') return
  if (caller.role === 'landlord' && caller.landlordId !== null && caller.landlordId === landlordId) return
  throw outOfScope('this landlord record')
}

/**
 * A resident acts for themselves; for their household, resolve the person's household and
 * compare it with the caller's (the route knows the tables): `requireInScope(caller, same)`.
 */
export function requirePersonScope(caller: Caller, personId: string): void {
  if (caller.role === 'admin') return
  if (caller.personId !== null && caller.personId === personId) return
  throw outOfScope(`person ${personId}`)
}

/** For scope rules a route computes itself: admins pass, others pass when `isInScope`. */
export function requireInScope(caller: Caller, isInScope: boolean, what: string): void {
  if (caller.role === 'admin' || isInScope) return
  throw outOfScope(what)
}
