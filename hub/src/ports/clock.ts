/** The hub reads time through the same injected clock as the edge, so tests drive it with ManualClock. */
export type { Clock, TimerHandle } from '../../../edge/src/ports/clock.js'
