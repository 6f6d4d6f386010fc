import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'

export interface ValidityWindow {
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
}

/** An optional start and end: when both are given, the end comes after the start. */
export function checkValidityWindow(window: ValidityWindow): AccessOutcome<ValidityWindow> {
  if (window.validFromMs !== null && window.validUntilMs !== null && window.validUntilMs <= window.validFromMs) {
    return accessFailure('BAD_INTERVAL', 'validUntilMs must come after validFromMs')
  }
  return accessSuccess(window)
}
