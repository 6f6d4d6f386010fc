import type { Logger } from '../../edge/src/ports/logger.js'

export interface LoggedLine {
  readonly level: string
  readonly object: object
  readonly message: string | undefined
}

/** A logger that keeps what was logged in memory, so tests can assert on warnings. */
export class SilentLogger implements Logger {
  readonly lines: LoggedLine[]
  readonly #bindings: Record<string, unknown>

  constructor(lines: LoggedLine[] = [], bindings: Record<string, unknown> = {}) {
    this.lines = lines
    this.#bindings = bindings
  }

  child(bindings: Record<string, unknown>): Logger {
    return new SilentLogger(this.lines, { ...this.#bindings, ...bindings })
  }

  trace(object: object, message?: string): void {
    this.#log('trace', object, message)
  }

  debug(object: object, message?: string): void {
    this.#log('debug', object, message)
  }

  info(object: object, message?: string): void {
    this.#log('info', object, message)
  }

  warn(object: object, message?: string): void {
    this.#log('warn', object, message)
  }

  error(object: object, message?: string): void {
    this.#log('error', object, message)
  }

  #log(level: string, object: object, message: string | undefined): void {
    if (this.lines.length < 10_000) this.lines.push({ level, object: { ...this.#bindings, ...object }, message })
  }
}
