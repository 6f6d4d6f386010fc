import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'

export const MS_PER_DAY = 86_400_000

/**
 * A home observation order, a building lockdown or a medical exception: in force from
 * `startsAtMs` until `endsAtMs` (exclusive). Ending early and extending move `endsAtMs`;
 * `endedEarlyAtMs` remembers when it was ended early.
 */
export interface TimedOrder {
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly endedEarlyAtMs: number | null
}

export const TIMED_ORDER_STATUSES = ['upcoming', 'in-force', 'ended', 'ended-early'] as const
export type TimedOrderStatus = (typeof TIMED_ORDER_STATUSES)[number]

/** An order ended early is over from that instant (even one cancelled at its very start). */
export function timedOrderStatus(order: TimedOrder, nowMs: number): TimedOrderStatus {
  if (order.endedEarlyAtMs !== null && nowMs >= order.endedEarlyAtMs) return 'ended-early'
  if (nowMs >= order.endsAtMs) return order.endedEarlyAtMs === null ? 'ended' : 'ended-early'
  return nowMs < order.startsAtMs ? 'upcoming' : 'in-force'
}

/**
 * Whole days until the order lifts, rounded up ("3 days left" on the morning of the 12th day of
 * 14); 0 once it has ended. An order not yet in force counts its full length.
 */
export function daysLeft(order: TimedOrder, nowMs: number): number {
  if (timedOrderStatus(order, nowMs) === 'ended-early') return 0
  const remainingMs = order.endsAtMs - Math.max(nowMs, order.startsAtMs)
  return remainingMs <= 0 ? 0 : Math.ceil(remainingMs / MS_PER_DAY)
}

export interface OrderWindowInput {
  readonly startsAtMs?: number | undefined
  readonly endsAtMs?: number | undefined
  /** Length in days when `endsAtMs` is not given. */
  readonly days?: number | undefined
}

/**
 * The window of a new order: from `startsAtMs` (default now) for `days` (default
 * `defaultDays`, the site's 14) or until `endsAtMs`. It must end after it starts, and after now.
 */
export function newOrderWindow(input: OrderWindowInput, defaultDays: number, nowMs: number): AccessOutcome<{ startsAtMs: number; endsAtMs: number }> {
  if (input.endsAtMs !== undefined && input.days !== undefined) {
    return accessFailure('BAD_INTERVAL', 'give either endsAtMs or days, not both')
  }
  const startsAtMs = input.startsAtMs ?? nowMs
  const endsAtMs = input.endsAtMs ?? startsAtMs + (input.days ?? defaultDays) * MS_PER_DAY
  if (endsAtMs <= startsAtMs) return accessFailure('BAD_INTERVAL', 'the order must end after it starts')
  if (endsAtMs <= nowMs) return accessFailure('BAD_INTERVAL', 'the order would already be over')
  return accessSuccess({ startsAtMs, endsAtMs })
}

/**
 * Ending an order early (release from observation, lifting a lockdown): it lifts now. An order not
 * yet in force is cancelled (it ends a millisecond after its start, as the schema needs an end
 * after the start). An order that has ended cannot end again.
 */
export function planEarlyEnd(order: TimedOrder, nowMs: number): AccessOutcome<{ endsAtMs: number; endedEarlyAtMs: number }> {
  const status = timedOrderStatus(order, nowMs)
  if (status === 'ended' || status === 'ended-early') return accessFailure('ALREADY_ENDED', 'the order has already ended')
  return accessSuccess({ endsAtMs: Math.max(nowMs, order.startsAtMs + 1), endedEarlyAtMs: nowMs })
}

/**
 * Extending an order in force or not yet in force to a later end (by `days` from its current
 * end, or to `endsAtMs`). An ended order is not revived: place a new one.
 */
export function planExtension(order: TimedOrder, input: { readonly endsAtMs?: number | undefined; readonly days?: number | undefined }, nowMs: number): AccessOutcome<{ endsAtMs: number }> {
  if (timedOrderStatus(order, nowMs) === 'ended' || timedOrderStatus(order, nowMs) === 'ended-early') {
    return accessFailure('ALREADY_ENDED', 'the order has already ended; place a new one')
  }
  if ((input.endsAtMs === undefined) === (input.days === undefined)) {
    return accessFailure('BAD_EXTENSION', 'give either endsAtMs or days')
  }
  const endsAtMs = input.endsAtMs ?? order.endsAtMs + (input.days ?? 0) * MS_PER_DAY
  if (endsAtMs <= order.endsAtMs) return accessFailure('BAD_EXTENSION', 'an extension ends later than the order does now')
  return accessSuccess({ endsAtMs })
}
