import type { Clock } from '../ports/clock.js'

/**
 * A clock that reads `offsetMs` ahead of (or, negative, behind) the one it wraps; timers are
 * the wrapped clock's. A gate whose real-time clock was set wrong, for fault tests: `npm run
 * chaos` restarts an edge with GATEHOUSE_EDGE_CLOCK_OFFSET_MS (read in edge/src/main.ts only).
 */
export function offsetClock(clock: Clock, offsetMs: number): Clock {
  if (offsetMs === 0) return clock
  return {
    now: () => clock.now() + offsetMs,
    setTimeout: (callback, delayMs) => clock.setTimeout(callback, delayMs),
    clearTimeout: (handle) => clock.clearTimeout(handle),
  }
}
