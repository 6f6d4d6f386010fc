import { pino } from 'pino'
import type { Logger } from '../ports/logger.js'

/**
 * pino to stderr (or a destination), JSON lines. Fields that could carry personal data are
 * redacted as a second line of defence; components mask before logging in the first place.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream, app = 'gatehouse-edge'): Logger {
  return pino(
    {
      level,
      base: { app },
      redact: {
        paths: ['*.phone', '*.idNumber', '*.cardNumber', '*.credentialKey', '*.secret', '*.password', '*.scbk', '*.token', '*.idNumberFull'],
        censor: '[masked]',
      },
    },
    destination ?? pino.destination(2),
  ) as unknown as Logger
}
