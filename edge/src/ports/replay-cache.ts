/**
 * Remembers single-use ids — hub command nonces, QR code ids — until they can no longer be
 * accepted anyway (their expiry plus the allowed clock skew), so the same one is refused the
 * second time, also after a restart.
 */
export interface ReplayCache {
  /**
   * Atomically: `'replayed'` if `id` was seen in `namespace` and is still remembered, otherwise
   * remembers it until `expiresAtMs` + the cache's clock skew and returns `'fresh'`. Throws a
   * `ReplayCacheError` rather than grow past its cap or answer without having remembered: on
   * any throw the caller refuses the command or code.
   */
  checkAndRemember(namespace: ReplayNamespace, id: string, expiresAtMs: number, nowMs: number): ReplayVerdict
  /** Forgets what has expired; returns how many were forgotten. */
  pruneExpired(nowMs: number): number
  size(): number
}

export type ReplayNamespace = 'command-nonce' | 'qr-code'

export type ReplayVerdict = 'fresh' | 'replayed'

export type ReplayCacheErrorCode =
  /** More unexpired ids than the cap: refuse the command or code (fail closed). */
  | 'REPLAY_CACHE_FULL'
  /** An empty or over-long id, or a non-finite time: a bug in the caller. */
  | 'REPLAY_KEY_INVALID'
  /** SQLite refused the write (disk full, I/O error): the id is not remembered, so refuse. */
  | 'REPLAY_CACHE_WRITE_FAILED'
  /**
   * The snapshot worker holds the database's write lock for a moment (a full policy apply): the
   * id cannot be remembered durably now, and waiting would stall every door; refuse, retry later.
   */
  | 'REPLAY_CACHE_BUSY'

export class ReplayCacheError extends Error {
  override readonly name = 'ReplayCacheError'
  readonly code: ReplayCacheErrorCode

  constructor(code: ReplayCacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
