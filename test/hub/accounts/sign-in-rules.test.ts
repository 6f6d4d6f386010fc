import t from 'tap'
import { accountScopeViolations } from '../../../hub/src/domain/accounts/account-scope.js'
import { passwordPolicyViolations } from '../../../hub/src/domain/accounts/password-policy.js'
import { afterFailedSignIn, DEFAULT_SIGN_IN_LOCKOUT_RULES, lockRemainingMs } from '../../../hub/src/domain/accounts/sign-in-lockout.js'
import { IpFailureLimiter } from '../../../hub/src/services/accounts/ip-failure-limiter.js'
import { readCookie } from '../../../hub/src/adapters/http/session-cookie.js'

const MINUTE = 60_000

t.test('lockout: four free failures, then 15 min doubling per failure up to a day; forgotten after a quiet day', async (t) => {
  let state = null
  const locks: number[] = []
  let nowMs = 0
  for (let failure = 1; failure <= 12; failure++) {
    state = afterFailedSignIn(state, nowMs)
    locks.push(lockRemainingMs(state, nowMs) / MINUTE)
    nowMs += lockRemainingMs(state, nowMs)
  }
  t.same(locks, [0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 960, 1440])
  const quiet = afterFailedSignIn({ failedCount: 3, lastFailedAtMs: 0, lockedUntilMs: null }, DEFAULT_SIGN_IN_LOCKOUT_RULES.forgetAfterMs + 1)
  t.equal(quiet.failedCount, 1)
  const recent = afterFailedSignIn({ failedCount: 3, lastFailedAtMs: 0, lockedUntilMs: null }, DEFAULT_SIGN_IN_LOCKOUT_RULES.forgetAfterMs)
  t.equal(recent.failedCount, 4)
})

t.test('password policy: length in characters, not the username, not one repeated character', async (t) => {
  t.same(passwordPolicyViolations('门禁系统的管理员口令', 'admin'), [], 'ten Chinese characters are long enough')
  t.same(passwordPolicyViolations('short', 'admin'), ['TOO_SHORT'])
  t.same(passwordPolicyViolations(' Zhang.Wei.2020 ', 'zhang.wei.2020'), ['SAME_AS_USERNAME'])
  t.same(passwordPolicyViolations('xxxxxxxxxxxx', 'admin'), ['ONE_REPEATED_CHARACTER'])
  t.same(passwordPolicyViolations('x'.repeat(300) + 'y', 'admin'), ['TOO_LONG'])
})

t.test('account scope: each role needs its own record and no other role-bound one', async (t) => {
  const none = { gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
  t.same(accountScopeViolations('admin', none), [])
  t.same(accountScopeViolations('admin', { ...none, personId: 'per-1' }), [], 'staff may also be residents')
  t.same(accountScopeViolations('resident', none), ['role resident needs personId'])
  t.same(accountScopeViolations('landlord', { ...none, landlordId: 'lld-1', gridId: 'grd-1' }), ['role landlord must not have gridId'])
})

t.test('the per-address limiter counts failures in a sliding window and forgets the least recent addresses', async (t) => {
  const limiter = new IpFailureLimiter({ maxFailures: 3, windowMs: 10_000, maxTrackedAddresses: 2 })
  for (const atMs of [0, 1_000, 2_000]) limiter.recordFailure('a', atMs)
  t.equal(limiter.retryAfterMs('a', 2_000), 8_000)
  t.equal(limiter.retryAfterMs('a', 10_000), 0, 'the first failure left the window')
  limiter.recordFailure('a', 10_500)
  t.equal(limiter.retryAfterMs('a', 10_500), 500)
  limiter.recordFailure('b', 10_600)
  limiter.recordFailure('c', 10_700)
  t.equal(limiter.retryAfterMs('a', 10_800), 0, "'a' was forgotten to stay within two addresses")
})

t.test('readCookie finds the named cookie among others and ignores look-alikes', async (t) => {
  t.equal(readCookie('theme=dark; gatehouse-session=abc; x-gatehouse-session=evil', 'gatehouse-session'), 'abc')
  t.equal(readCookie('x-gatehouse-session=evil', 'gatehouse-session'), null)
  t.equal(readCookie('gatehouse-session=', 'gatehouse-session'), null)
  t.equal(readCookie(undefined, 'gatehouse-session'), null)
})
