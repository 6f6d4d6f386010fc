import t from 'tap'
import { checkCommandFreshness, DEFAULT_COMMAND_CLOCK_SKEW_MS } from '../../../protocol/mqtt/command-freshness.js'
import { timestampMs } from '../../../protocol/mqtt/timestamp-ms.js'

const issuedMs = Date.UTC(2026, 2, 2, 8, 20, 0)
const iso = (ms: number) => new Date(ms).toISOString()
const command = (lifetimeMs: number) => ({ issuedAt: iso(issuedMs), expiresAt: iso(issuedMs + lifetimeMs) })
const noSkew = { clockSkewMs: 0 }

t.test('accepts a command between issuedAt and expiresAt, and says how long to keep its nonce', async (t) => {
  t.same(checkCommandFreshness(command(15_000), issuedMs, noSkew), { ok: true, rememberNonceUntilMs: issuedMs + 15_000 })
  t.same(checkCommandFreshness(command(15_000), issuedMs + 14_999, noSkew), { ok: true, rememberNonceUntilMs: issuedMs + 15_000 })
  t.same(checkCommandFreshness(command(15_000), issuedMs, { clockSkewMs: 2_000 }), {
    ok: true,
    rememberNonceUntilMs: issuedMs + 17_000,
  })
})

t.test('refuses a command at or after expiresAt as EXPIRED', async (t) => {
  t.same(checkCommandFreshness(command(15_000), issuedMs + 15_000, noSkew), { ok: false, code: 'EXPIRED' })
  t.same(checkCommandFreshness(command(15_000), issuedMs + 3_600_000, noSkew), { ok: false, code: 'EXPIRED' })
})

t.test('refuses a command issued in the edge future as NOT_YET_VALID', async (t) => {
  t.same(checkCommandFreshness(command(15_000), issuedMs - 1, noSkew), { ok: false, code: 'NOT_YET_VALID' })
})

t.test('allows the clock skew on both ends, and no more', async (t) => {
  const skew = { clockSkewMs: 5_000 }
  t.match(checkCommandFreshness(command(15_000), issuedMs - 5_000, skew), { ok: true })
  t.same(checkCommandFreshness(command(15_000), issuedMs - 5_001, skew), { ok: false, code: 'NOT_YET_VALID' })
  t.match(checkCommandFreshness(command(15_000), issuedMs + 19_999, skew), { ok: true })
  t.same(checkCommandFreshness(command(15_000), issuedMs + 20_000, skew), { ok: false, code: 'EXPIRED' })
  t.equal(DEFAULT_COMMAND_CLOCK_SKEW_MS, 5_000)
  t.match(checkCommandFreshness(command(15_000), issuedMs + 19_999), { ok: true }, 'the default skew is 5 s')
})

t.test('refuses a lifetime over 30 s as LIFETIME_TOO_LONG, even while inside it', async (t) => {
  t.match(checkCommandFreshness(command(30_000), issuedMs, noSkew), { ok: true })
  t.same(checkCommandFreshness(command(30_001), issuedMs, noSkew), { ok: false, code: 'LIFETIME_TOO_LONG' })
  t.same(checkCommandFreshness(command(86_400_000), issuedMs + 1_000, noSkew), { ok: false, code: 'LIFETIME_TOO_LONG' })
  t.same(checkCommandFreshness(command(10_001), issuedMs, { maxLifetimeMs: 10_000, clockSkewMs: 0 }), {
    ok: false,
    code: 'LIFETIME_TOO_LONG',
  })
})

t.test('refuses a command that expires before it is issued as EXPIRED', async (t) => {
  t.same(checkCommandFreshness(command(0), issuedMs, noSkew), { ok: false, code: 'EXPIRED' })
  t.same(checkCommandFreshness(command(-1_000), issuedMs - 500, noSkew), { ok: false, code: 'EXPIRED' })
})

t.test('refuses timestamps that are not real instants as BAD_TIMESTAMP', async (t) => {
  const bad = ['2026-02-30T08:20:00.000Z', '2026-03-02T08:20:00+08:00', 'yesterday', '', '2026-03-02T24:00:00.000Z']
  for (const text of bad) {
    t.same(checkCommandFreshness({ issuedAt: text, expiresAt: iso(issuedMs) }, issuedMs), { ok: false, code: 'BAD_TIMESTAMP' }, text)
    t.same(checkCommandFreshness({ issuedAt: iso(issuedMs), expiresAt: text }, issuedMs), { ok: false, code: 'BAD_TIMESTAMP' }, text)
  }
})

t.test('timestampMs reads what toISOString writes and rejects impossible dates', async (t) => {
  t.equal(timestampMs('2026-03-02T08:20:00.000Z'), issuedMs)
  t.equal(timestampMs('2026-03-02T08:20:00Z'), issuedMs)
  t.equal(timestampMs('2026-03-02T08:20:00.5Z'), issuedMs + 500)
  t.equal(timestampMs('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29))
  t.equal(timestampMs('2026-02-29T00:00:00Z'), null)
  t.equal(timestampMs('2026-04-31T00:00:00Z'), null)
})
