export interface RateLimitRule {
  /** At most this many ... */
  readonly limit: number
  /** ... within any window of this length. */
  readonly windowMs: number
}

export type RateLimitVerdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number }

/**
 * A per-key sliding window (pure: the caller passes the time). Keeps at most `limit` instants per
 * key and forgets keys whose window has passed, so memory stays bounded by the active callers.
 */
export class SlidingWindowRateLimit {
  readonly #rule: RateLimitRule
  readonly #recent = new Map<string, number[]>()
  #lastSweepMs = Number.NEGATIVE_INFINITY

  constructor(rule: RateLimitRule) {
    this.#rule = rule
  }

  /** Counts one use by `key` at `nowMs`, unless the key is over its limit. */
  take(key: string, nowMs: number): RateLimitVerdict {
    this.#sweep(nowMs)
    const { limit, windowMs } = this.#rule
    const recent = (this.#recent.get(key) ?? []).filter((atMs) => atMs > nowMs - windowMs)
    if (recent.length >= limit) {
      this.#recent.set(key, recent)
      const oldest = recent[0] ?? nowMs
      return { ok: false, retryAfterMs: Math.max(1, oldest + windowMs - nowMs) }
    }
    recent.push(nowMs)
    this.#recent.set(key, recent)
    return { ok: true }
  }

  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweepMs < this.#rule.windowMs) return
    this.#lastSweepMs = nowMs
    for (const [key, recent] of this.#recent) {
      if ((recent[recent.length - 1] ?? Number.NEGATIVE_INFINITY) <= nowMs - this.#rule.windowMs) this.#recent.delete(key)
    }
  }
}
