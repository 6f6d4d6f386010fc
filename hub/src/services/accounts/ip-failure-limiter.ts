export interface IpFailureLimits {
  /** Failures allowed from one address within `windowMs`; the next attempt waits. */
  readonly maxFailures: number
  readonly windowMs: number
  /** Addresses remembered at most; the least recently failing are forgotten first. */
  readonly maxTrackedAddresses: number
}

/**
 * Higher than the per-username lockout because a community office shares one address behind
 * its router; low enough that guessing across many usernames from one address crawls.
 */
export const DEFAULT_IP_FAILURE_LIMITS: IpFailureLimits = { maxFailures: 20, windowMs: 15 * 60_000, maxTrackedAddresses: 10_000 }

/**
 * Failed sign-in (and setup, and password-change) attempts per client address, in memory, in a
 * sliding window. Memory is bounded: each address keeps at most `maxFailures` instants and at
 * most `maxTrackedAddresses` addresses are kept. Lost on restart, which the persisted
 * per-username lockout is not.
 */
export class IpFailureLimiter {
  readonly #limits: IpFailureLimits
  readonly #failures = new Map<string, number[]>()

  constructor(limits: IpFailureLimits = DEFAULT_IP_FAILURE_LIMITS) {
    this.#limits = limits
  }

  /** How long `address` must wait before its next attempt (0: go ahead). */
  retryAfterMs(address: string, nowMs: number): number {
    const recent = this.#recent(address, nowMs)
    if (recent.length < this.#limits.maxFailures) return 0
    return recent[recent.length - this.#limits.maxFailures]! + this.#limits.windowMs - nowMs
  }

  recordFailure(address: string, nowMs: number): void {
    const recent = this.#recent(address, nowMs)
    recent.push(nowMs)
    if (recent.length > this.#limits.maxFailures) recent.splice(0, recent.length - this.#limits.maxFailures)
    this.#failures.delete(address)
    this.#failures.set(address, recent)
    if (this.#failures.size > this.#limits.maxTrackedAddresses) {
      const oldest = this.#failures.keys().next().value
      if (oldest !== undefined) this.#failures.delete(oldest)
    }
  }

  #recent(address: string, nowMs: number): number[] {
    const instants = this.#failures.get(address)
    if (instants === undefined) return []
    const recent = instants.filter((atMs) => atMs > nowMs - this.#limits.windowMs)
    if (recent.length === 0) this.#failures.delete(address)
    return recent
  }
}
