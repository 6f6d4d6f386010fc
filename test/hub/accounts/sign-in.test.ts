import t from 'tap'
import { ScryptPasswordHasher } from '../../../hub/src/adapters/crypto/scrypt-password-hasher.js'
import type { PasswordHasher } from '../../../hub/src/ports/password-hasher.js'
import { ADMIN, TEST_SCRYPT, accountsFixture } from './accounts-fixture.js'

const FIFTEEN_MINUTES_MS = 15 * 60_000

async function signInResponse(hub: ReturnType<typeof accountsFixture>, username: string, password: string, remoteAddress = '10.0.0.5') {
  return hub.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress })
}

t.test('a good sign-in sets an HttpOnly SameSite=Strict session cookie and returns the CSRF token /api/me also returns', async (t) => {
  const hub = accountsFixture(t)
  await hub.setUpAdmin()
  const response = await signInResponse(hub, 'ADMIN.LI', ADMIN.password)
  t.equal(response.statusCode, 200, 'usernames are case-insensitive')
  const setCookie = String(response.headers['set-cookie'])
  t.match(setCookie, /^gatehouse-session=[A-Za-z0-9_-]{43}; /)
  t.match(setCookie, /; HttpOnly/)
  t.match(setCookie, /; SameSite=Strict/)
  t.match(setCookie, /; Path=\//)
  t.match(setCookie, /; Max-Age=43200/, 'staff sessions end after 12 h at most')
  t.notMatch(setCookie, /Secure/, 'plain HTTP: a Secure cookie would be dropped by the browser')
  const body = response.json()
  t.match(body.account, { username: ADMIN.username, role: 'admin' })
  t.equal(body.expiresAtMs, hub.clock.now() + 12 * 60 * 60_000)
  const cookie = setCookie.split(';')[0]!
  const token = cookie.split('=')[1]!
  t.equal(hub.connection.prepare('SELECT count(*) FROM sessions WHERE id_sha256 = ?').pluck().get(token), 0, 'the session id is not stored as is')
  const me = await hub.request('GET', '/api/me', { cookie, csrfToken: '', setCookie })
  t.equal(me.statusCode, 200)
  t.equal(me.json().csrfToken, body.csrfToken)
})

t.test('served over HTTPS the cookie is Secure and __Host- prefixed', async (t) => {
  const hub = accountsFixture(t, { isCookieSecure: true })
  const admin = await hub.setUpAdmin()
  t.match(admin.setCookie, /^__Host-gatehouse-session=/)
  t.match(admin.setCookie, /; Secure/)
  t.equal((await hub.request('GET', '/api/me', admin)).statusCode, 200)
  const plainName = admin.cookie.replace('__Host-gatehouse-session', 'gatehouse-session')
  t.equal((await hub.request('GET', '/api/me', { ...admin, cookie: plainName })).statusCode, 401, 'the unprefixed name is not read')
})

t.test('a wrong password and an unknown username get the same 401 and no cookie', async (t) => {
  const hub = accountsFixture(t)
  await hub.setUpAdmin()
  const wrong = await signInResponse(hub, ADMIN.username, 'not the password')
  const unknown = await signInResponse(hub, 'nobody', 'not the password')
  for (const response of [wrong, unknown]) {
    t.equal(response.statusCode, 401)
    t.same(response.json(), { error: { code: 'INVALID_CREDENTIALS', message: 'wrong username or password' } })
    t.equal(response.headers['set-cookie'], undefined)
  }
  t.equal((await hub.request('GET', '/api/me')).statusCode, 401)
})

t.test('an unknown username costs a full password check, like a known one', async (t) => {
  const checked: (string | null)[] = []
  const real = new ScryptPasswordHasher(TEST_SCRYPT)
  const counting: PasswordHasher = {
    hash: (password) => real.hash(password),
    verify: (password, storedHash) => {
      checked.push(storedHash)
      return real.verify(password, storedHash)
    },
  }
  const hub = accountsFixture(t, { hasher: counting })
  await hub.setUpAdmin()
  checked.length = 0
  await signInResponse(hub, 'nobody', 'whatever password')
  await signInResponse(hub, ADMIN.username, 'whatever password')
  t.same(checked.map((hash) => (hash === null ? 'decoy' : 'real')), ['decoy', 'real'])
})

t.test('five failures lock the username for 15 minutes with Retry-After, even the right password; then backoff grows', async (t) => {
  const hub = accountsFixture(t)
  await hub.setUpAdmin()
  for (let attempt = 1; attempt <= 4; attempt++) t.equal((await signInResponse(hub, ADMIN.username, 'wrong password')).statusCode, 401)
  const fifth = await signInResponse(hub, ADMIN.username, 'wrong password')
  t.equal(fifth.statusCode, 429)
  t.equal(fifth.json().error.code, 'SIGN_IN_LOCKED')
  t.equal(fifth.headers['retry-after'], '900')
  hub.clock.advance(FIFTEEN_MINUTES_MS - 1_000)
  const stillLocked = await signInResponse(hub, ADMIN.username, ADMIN.password, '10.9.9.9')
  t.equal(stillLocked.statusCode, 429, 'the right password from another address is refused while locked')
  t.equal(stillLocked.headers['retry-after'], '1')
  hub.clock.advance(1_000)
  const sixth = await signInResponse(hub, ADMIN.username, 'wrong again')
  t.equal(sixth.headers['retry-after'], String(2 * 15 * 60), 'the next failure locks twice as long')
  hub.clock.advance(2 * FIFTEEN_MINUTES_MS)
  t.equal((await signInResponse(hub, ADMIN.username, ADMIN.password)).statusCode, 200)
  t.equal((await signInResponse(hub, ADMIN.username, 'wrong password')).statusCode, 401, 'a good sign-in forgets earlier failures')
})

t.test('the lockout is kept in the database, so a restart of the hub does not lift it', async (t) => {
  const hub = accountsFixture(t)
  await hub.setUpAdmin()
  for (let attempt = 1; attempt <= 5; attempt++) await signInResponse(hub, ADMIN.username, 'wrong password')
  const row = hub.connection.prepare('SELECT failed_count, locked_until_ms FROM sign_in_failures WHERE username_key = ?').get('admin.li')
  t.same(row, { failed_count: 5, locked_until_ms: hub.clock.now() + FIFTEEN_MINUTES_MS })
})

t.test('unknown usernames lock exactly like known ones, so lockout does not reveal which exist', async (t) => {
  const hub = accountsFixture(t)
  await hub.setUpAdmin()
  const codes = async (username: string) => {
    const seen: string[] = []
    for (let attempt = 1; attempt <= 6; attempt++) seen.push((await signInResponse(hub, username, 'wrong password', `10.1.0.${attempt}`)).json().error.code)
    return seen
  }
  t.same(await codes('nobody.here'), await codes(ADMIN.username))
})

t.test('many failures from one address are throttled with 429 TOO_MANY_ATTEMPTS; other addresses are not', async (t) => {
  const hub = accountsFixture(t, { ipLimits: { maxFailures: 6, windowMs: FIFTEEN_MINUTES_MS, maxTrackedAddresses: 100 } })
  await hub.setUpAdmin()
  for (let attempt = 0; attempt < 6; attempt++) {
    hub.clock.advance(10_000)
    t.equal((await signInResponse(hub, `user${attempt}`, 'wrong password', '192.0.2.7')).statusCode, 401)
  }
  const throttled = await signInResponse(hub, ADMIN.username, ADMIN.password, '192.0.2.7')
  t.equal(throttled.statusCode, 429)
  t.equal(throttled.json().error.code, 'TOO_MANY_ATTEMPTS')
  t.equal(throttled.headers['retry-after'], String(15 * 60 - 50), 'until the oldest failure leaves the window')
  t.equal((await signInResponse(hub, ADMIN.username, ADMIN.password, '192.0.2.8')).statusCode, 200)
  hub.clock.advance(15 * 60_000)
  t.equal((await signInResponse(hub, ADMIN.username, ADMIN.password, '192.0.2.7')).statusCode, 200)
})

t.test('a hash made with older parameters is replaced at sign-in', async (t) => {
  const hub = accountsFixture(t, { hasher: new ScryptPasswordHasher({ ...TEST_SCRYPT, log2N: 11 }) })
  await hub.setUpAdmin()
  const older = await new ScryptPasswordHasher(TEST_SCRYPT).hash(ADMIN.password)
  hub.connection.prepare('UPDATE accounts SET password_hash = ?').run(older)
  t.equal((await signInResponse(hub, ADMIN.username, ADMIN.password)).statusCode, 200)
  const stored = String(hub.connection.prepare('SELECT password_hash FROM accounts').pluck().get())
  t.match(stored, /^scrypt\$11\$8\$1\$/)
  t.equal((await signInResponse(hub, ADMIN.username, ADMIN.password)).statusCode, 200)
  t.equal(hub.auditRows('account.password-changed').length, 0, 'a rehash is not a password change')
})

t.test('a session ends after the idle timeout, is extended by use, and ends at its absolute limit', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  for (let hour = 0; hour < 11; hour++) {
    hub.clock.advance(60 * 60_000)
    t.equal((await hub.request('GET', '/api/me', admin)).statusCode, 200, `still signed in after ${hour + 1} h of use`)
  }
  hub.clock.advance(60 * 60_000)
  t.equal((await hub.request('GET', '/api/me', admin)).statusCode, 401, 'ended at 12 h however active')
  const again = await hub.signInAs(ADMIN.username, ADMIN.password)
  hub.clock.advance(2 * 60 * 60_000)
  t.equal((await hub.request('GET', '/api/me', again)).statusCode, 401, 'ended after 2 h unused')
  t.equal(hub.connection.prepare('SELECT count(*) FROM sessions').pluck().get(), 0, 'ended sessions are deleted')
})

t.test('signing out ends the session and clears the cookie', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  const other = await hub.signInAs(ADMIN.username, ADMIN.password)
  const response = await hub.request('DELETE', '/api/session', admin)
  t.equal(response.statusCode, 204)
  t.match(String(response.headers['set-cookie']), /^gatehouse-session=; .*Max-Age=0/)
  t.equal((await hub.request('GET', '/api/me', admin)).statusCode, 401)
  t.equal((await hub.request('GET', '/api/me', other)).statusCode, 200, 'other sessions stay')
  t.equal((await hub.request('DELETE', '/api/session')).statusCode, 204, 'signing out when signed out is harmless')
})

t.test('a cross-site POST with the cookie but without the CSRF token is refused 403 CSRF_REQUIRED and changes nothing', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  const crossSite = await hub.app.inject({
    method: 'POST',
    url: '/api/accounts',
    headers: { cookie: admin.cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
    payload: { username: 'planted', displayName: 'Planted', role: 'admin' },
  })
  t.equal(crossSite.statusCode, 403)
  t.equal(crossSite.json().error.code, 'CSRF_REQUIRED')
  const wrongToken = await hub.request('POST', '/api/accounts', { ...admin, csrfToken: 'guessed' }, { username: 'planted', displayName: 'Planted', role: 'admin' })
  t.equal(wrongToken.json().error.code, 'CSRF_REQUIRED')
  const signOut = await hub.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: admin.cookie } })
  t.equal(signOut.json().error.code, 'CSRF_REQUIRED', 'not even a forced sign-out')
  t.equal(hub.connection.prepare('SELECT count(*) FROM accounts').pluck().get(), 1)
  t.equal((await hub.request('POST', '/api/accounts', admin, { username: 'planted', displayName: 'Planted', role: 'admin' })).statusCode, 201, 'with the token it works')
  t.equal((await hub.app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: admin.cookie } })).statusCode, 200, 'reads need no token')
})

t.test('the CSRF token of one session does not work with another', async (t) => {
  const hub = accountsFixture(t)
  const first = await hub.setUpAdmin()
  const second = await hub.signInAs(ADMIN.username, ADMIN.password)
  t.not(first.csrfToken, second.csrfToken)
  const mixed = await hub.request('DELETE', '/api/session', { ...first, csrfToken: second.csrfToken })
  t.equal(mixed.json().error.code, 'CSRF_REQUIRED')
})
