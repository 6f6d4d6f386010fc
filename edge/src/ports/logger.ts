/**
 * The structured logger every component receives (pino's shape). Components log objects, not
 * concatenated strings, and pass personal data only through `domain/masking.ts`.
 */
export interface Logger {
  child(bindings: Record<string, unknown>): Logger
  trace(object: object, message?: string): void
  debug(object: object, message?: string): void
  info(object: object, message?: string): void
  warn(object: object, message?: string): void
  error(object: object, message?: string): void
}
