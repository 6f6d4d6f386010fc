import t from 'tap'
import { ADMIN, accountsFixture } from './accounts-fixture.js'

t.test('a hub without an admin issues a setup token that creates the first admin, audited as setup', async (t) => {
  const hub = accountsFixture(t)
  t.same((await hub.request('GET', '/api/setup')).json(), { isSetUp: false })
  const issued = hub.setup.issueTokenIfNeeded()
  t.ok(issued)
  t.equal(issued!.expiresAtMs, hub.clock.now() + 24 * 60 * 60_000)
  const stored = hub.connection.prepare('SELECT token_sha256 FROM setup_tokens').pluck().all()
  t.same(stored.length, 1)
  t.not(stored[0], issued!.token, 'only the hash is stored')
  const response = await hub.request('POST', '/api/setup', null, { token: issued!.token, ...ADMIN })
  t.equal(response.statusCode, 201)
  t.match(response.json().account, { username: ADMIN.username, displayName: ADMIN.displayName, role: 'admin', mustChangePassword: false })
  t.notMatch(response.body, /scrypt/, 'no hash in the answer')
  t.same((await hub.request('GET', '/api/setup')).json(), { isSetUp: true })
  const [audit] = hub.auditRows('account.created')
  t.equal(audit?.actor_kind, 'setup')
  t.equal(audit?.subject_id, response.json().account.id)
  t.notMatch(audit?.detail, /password|scrypt/)
  const signedIn = await hub.signInAs(ADMIN.username, ADMIN.password)
  t.equal((await hub.request('GET', '/api/me', signedIn)).json().account.role, 'admin')
})

t.test('once an admin exists no token is issued and a second setup is refused', async (t) => {
  const hub = accountsFixture(t)
  const issued = hub.setup.issueTokenIfNeeded()!
  t.equal((await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN })).statusCode, 201)
  t.equal(hub.setup.issueTokenIfNeeded(), null)
  const again = await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN, username: 'intruder' })
  t.equal(again.statusCode, 409)
  t.equal(again.json().error.code, 'ALREADY_SET_UP')
  t.equal(hub.connection.prepare('SELECT count(*) FROM accounts').pluck().get(), 1)
})

t.test('a spent setup token never works again, even if no enabled admin is left', async (t) => {
  const hub = accountsFixture(t)
  const issued = hub.setup.issueTokenIfNeeded()!
  t.equal((await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN })).statusCode, 201)
  hub.connection.prepare('UPDATE accounts SET is_disabled = 1').run()
  const reused = await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN, username: 'second.admin' })
  t.equal(reused.statusCode, 403)
  t.equal(reused.json().error.code, 'SETUP_TOKEN_INVALID')
})

t.test('an expired setup token is refused and creates nothing', async (t) => {
  const hub = accountsFixture(t)
  const issued = hub.setup.issueTokenIfNeeded()!
  hub.clock.advance(24 * 60 * 60_000)
  const response = await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN })
  t.equal(response.statusCode, 403)
  t.equal(response.json().error.code, 'SETUP_TOKEN_EXPIRED')
  t.equal(hub.connection.prepare('SELECT count(*) FROM accounts').pluck().get(), 0)
  t.equal(hub.auditRows().length, 0)
})

t.test('a restart issues a fresh token and withdraws the previous one', async (t) => {
  const hub = accountsFixture(t)
  const first = hub.setup.issueTokenIfNeeded()!
  const second = hub.setup.issueTokenIfNeeded()!
  t.not(first.token, second.token)
  const withFirst = await hub.request('POST', '/api/setup', null, { token: first.token, ...ADMIN })
  t.equal(withFirst.json().error.code, 'SETUP_TOKEN_INVALID')
  t.equal((await hub.request('POST', '/api/setup', null, { token: second.token, ...ADMIN })).statusCode, 201)
})

t.test('a wrong token or a weak password is refused with the reason and creates nothing', async (t) => {
  const hub = accountsFixture(t)
  const issued = hub.setup.issueTokenIfNeeded()!
  const wrong = await hub.request('POST', '/api/setup', null, { token: 'not-the-token', ...ADMIN })
  t.equal(wrong.json().error.code, 'SETUP_TOKEN_INVALID')
  const weak = await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN, password: 'admin.li' })
  t.equal(weak.statusCode, 400)
  t.equal(weak.json().error.code, 'WEAK_PASSWORD')
  t.same(weak.json().error.details, ['password must have at least 10 characters', 'password must not be the username'])
  const sameAsName = await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN, username: 'administrator', password: 'ADMINISTRATOR' })
  t.same(sameAsName.json().error.details, ['password must not be the username'])
  const badName = await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN, username: 'a b' })
  t.equal(badName.json().error.code, 'INVALID_REQUEST')
  t.equal(hub.connection.prepare('SELECT count(*) FROM accounts').pluck().get(), 0)
  t.equal((await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN })).statusCode, 201, 'the token still works after refusals')
})

t.test('guessing setup tokens from one address is throttled', async (t) => {
  const hub = accountsFixture(t, { ipLimits: { maxFailures: 3, windowMs: 60_000, maxTrackedAddresses: 100 } })
  const issued = hub.setup.issueTokenIfNeeded()!
  for (let guess = 0; guess < 3; guess++) {
    t.equal((await hub.request('POST', '/api/setup', null, { token: `guess-${guess}`, ...ADMIN })).json().error.code, 'SETUP_TOKEN_INVALID')
  }
  const throttled = await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN })
  t.equal(throttled.statusCode, 429)
  t.equal(throttled.json().error.code, 'TOO_MANY_ATTEMPTS')
  t.equal(throttled.headers['retry-after'], '60')
  hub.clock.advance(60_000)
  t.equal((await hub.request('POST', '/api/setup', null, { token: issued.token, ...ADMIN })).statusCode, 201)
})
