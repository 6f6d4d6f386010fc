import type { Clock } from '../../ports/clock.js'

export type TimedOutcome<T> =
  | { readonly status: 'settled'; readonly value: T }
  | { readonly status: 'failed'; readonly error: unknown }
  | { readonly status: 'timed-out' }

/**
 * Waits for `promise` at most `timeoutMs` by the injected clock. Never rejects: a shutdown step
 * that fails or hangs is reported as a value, so the next step still runs.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, clock: Clock): Promise<TimedOutcome<T>> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve({ status: 'timed-out' }), timeoutMs)
    promise.then(
      (value) => {
        clock.clearTimeout(timer)
        resolve({ status: 'settled', value })
      },
      (error: unknown) => {
        clock.clearTimeout(timer)
        resolve({ status: 'failed', error })
      },
    )
  })
}
