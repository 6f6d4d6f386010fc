import type { Clock } from '../ports/clock.js'

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => ({ id: setTimeout(callback, delayMs) }),
  clearTimeout: (handle) => clearTimeout(handle.id as NodeJS.Timeout),
}
