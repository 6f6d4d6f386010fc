import type { Command } from './messages/command.js'
import { MAX_COMMAND_LIFETIME_MS } from './messages/command.js'
import { timestampMs } from './timestamp-ms.js'

/** How far the hub's and the edge's clocks may disagree before commands are refused. */
export const DEFAULT_COMMAND_CLOCK_SKEW_MS = 5_000

export interface CommandFreshnessOptions {
  readonly maxLifetimeMs?: number
  readonly clockSkewMs?: number
}

export type CommandFreshnessCode = 'BAD_TIMESTAMP' | 'LIFETIME_TOO_LONG' | 'EXPIRED' | 'NOT_YET_VALID'

export type CommandFreshness =
  | {
      readonly ok: true
      /** The replay cache must remember the nonce until this instant (edge clock): `expiresAt + clockSkewMs`. */
      readonly rememberNonceUntilMs: number
    }
  | { readonly ok: false; readonly code: CommandFreshnessCode }

/**
 * Whether a command may be acted on at `nowMs` (the edge clock). In order:
 * - BAD_TIMESTAMP: `issuedAt` or `expiresAt` is not a real instant;
 * - LIFETIME_TOO_LONG: `expiresAt` is more than `maxLifetimeMs` (30 s) after `issuedAt`;
 * - EXPIRED: `nowMs - clockSkewMs >= expiresAt`, or `expiresAt <= issuedAt` (never valid);
 * - NOT_YET_VALID: `nowMs + clockSkewMs < issuedAt` (issued in the edge's future).
 * The skew applies both ways, so a command is accepted over `[issuedAt - skew, expiresAt + skew)`.
 */
export function checkCommandFreshness(
  command: Pick<Command, 'issuedAt' | 'expiresAt'>,
  nowMs: number,
  options: CommandFreshnessOptions = {},
): CommandFreshness {
  const maxLifetimeMs = options.maxLifetimeMs ?? MAX_COMMAND_LIFETIME_MS
  const clockSkewMs = options.clockSkewMs ?? DEFAULT_COMMAND_CLOCK_SKEW_MS
  const issuedMs = timestampMs(command.issuedAt)
  const expiresMs = timestampMs(command.expiresAt)
  if (issuedMs === null || expiresMs === null) return { ok: false, code: 'BAD_TIMESTAMP' }
  if (expiresMs - issuedMs > maxLifetimeMs) return { ok: false, code: 'LIFETIME_TOO_LONG' }
  if (expiresMs <= issuedMs || nowMs - clockSkewMs >= expiresMs) return { ok: false, code: 'EXPIRED' }
  if (nowMs + clockSkewMs < issuedMs) return { ok: false, code: 'NOT_YET_VALID' }
  return { ok: true, rememberNonceUntilMs: expiresMs + clockSkewMs }
}
