/**
 * An HTTP error with a stable `code` the clients branch on. The app's error handler answers
 * `{ error: { code, message } }` with `statusCode`; `message` is for people, never parsed.
 */
export class HubHttpError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly details: readonly string[]

  constructor(statusCode: number, code: string, message: string, details: readonly string[] = []) {
    super(message)
    this.name = 'HubHttpError'
    this.statusCode = statusCode
    this.code = code
    this.details = details
  }
}

export const notFound = (what: string): HubHttpError => new HubHttpError(404, 'NOT_FOUND', `${what} not found`)
export const conflict = (code: string, message: string): HubHttpError => new HubHttpError(409, code, message)
export const badRequest = (code: string, message: string, details: readonly string[] = []): HubHttpError =>
  new HubHttpError(400, code, message, details)
