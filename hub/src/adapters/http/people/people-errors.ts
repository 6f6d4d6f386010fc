import { HubHttpError } from '../hub-http-error.js'

/** 404 with the entity's own code: BUILDING_NOT_FOUND, PERSON_NOT_FOUND ... */
export function missing(code: `${string}_NOT_FOUND`, message: string): HubHttpError {
  return new HubHttpError(404, code, message)
}

/** 403: the caller's role may do this, but not here (another grid, another landlord's tenant ...). */
export function outOfScope(message: string): HubHttpError {
  return new HubHttpError(403, 'OUT_OF_SCOPE', message)
}

/** 409: well formed, but clashes with what is stored (DUPLICATE_UNIT, BUILDING_NOT_EMPTY ...). */
export function clash(code: string, message: string, details: readonly string[] = []): HubHttpError {
  return new HubHttpError(409, code, message, details)
}

/** 400: the request breaks a rule the schema cannot express (ID number checksum ...). */
export function invalid(code: string, message: string, details: readonly string[] = []): HubHttpError {
  return new HubHttpError(400, code, message, details)
}
