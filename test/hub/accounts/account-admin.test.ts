import t from 'tap'
import { accountsFixture, type SignedIn } from './accounts-fixture.js'

const ROLE_ACCOUNTS = [
  { username: 'grid.north', displayName: 'Grid manager', role: 'grid-manager', gridId: 'grd-north' },
  { username: 'gate.east', displayName: 'Gate staff', role: 'gate-staff', checkpointEdgeId: 'edg-east-gate' },
  { username: 'landlord.zhang', displayName: 'Landlord', role: 'landlord', landlordId: 'lld-zhang' },
  { username: 'resident.wang', displayName: 'Resident', role: 'resident', personId: 'per-wang' },
] as const

const ADMIN_ROUTES = [
  ['GET', '/api/accounts', undefined],
  ['GET', '/api/accounts/acc-anything', undefined],
  ['POST', '/api/accounts', { username: 'sneaky', displayName: 'Sneaky', role: 'admin' }],
  ['PATCH', '/api/accounts/acc-anything', { role: 'admin' }],
  ['POST', '/api/accounts/acc-anything/password-reset', undefined],
  ['GET', '/api/audit', undefined],
] as const

t.test('every role but admin gets 403 FORBIDDEN on every admin route; anonymous gets 401', async (t) => {
  const hub = accountsFixture(t)
  hub.seedScopeTargets()
  const admin = await hub.setUpAdmin()
  for (const body of ROLE_ACCOUNTS) {
    const { session } = await hub.accountWithRole(admin, body)
    for (const [method, url, payload] of ADMIN_ROUTES) {
      const response = await hub.request(method, url, session, payload)
      t.equal(response.statusCode, 403, `${body.role} ${method} ${url}`)
      t.equal(response.json().error.code, 'FORBIDDEN')
    }
  }
  for (const [method, url, payload] of ADMIN_ROUTES) {
    t.equal((await hub.request(method, url, null, payload)).json().error.code, 'SIGN_IN_REQUIRED', `anonymous ${method} ${url}`)
  }
  t.equal(hub.connection.prepare(`SELECT count(*) FROM accounts WHERE username = 'sneaky'`).pluck().get(), 0)
})

t.test('an admin creates accounts whose scope fits their role and exists; the caller scope comes from the row', async (t) => {
  const hub = accountsFixture(t)
  hub.seedScopeTargets()
  const admin = await hub.setUpAdmin()
  const noGrid = await hub.request('POST', '/api/accounts', admin, { username: 'grid.x', displayName: 'X', role: 'grid-manager' })
  t.equal(noGrid.statusCode, 400)
  t.equal(noGrid.json().error.code, 'INVALID_SCOPE')
  t.same(noGrid.json().error.details, ['role grid-manager needs gridId'])
  const unknownGrid = await hub.request('POST', '/api/accounts', admin, { username: 'grid.x', displayName: 'X', role: 'grid-manager', gridId: 'grd-nowhere' })
  t.same(unknownGrid.json().error.details, ['gridId grd-nowhere does not exist'])
  const stray = await hub.request('POST', '/api/accounts', admin, { username: 'gate.x', displayName: 'X', role: 'gate-staff', checkpointEdgeId: 'edg-east-gate', gridId: 'grd-north' })
  t.same(stray.json().error.details, ['role gate-staff must not have gridId'])
  const { id } = await hub.accountWithRole(admin, ROLE_ACCOUNTS[0])
  const taken = await hub.request('POST', '/api/accounts', admin, { ...ROLE_ACCOUNTS[0], username: 'GRID.NORTH' })
  t.equal(taken.statusCode, 409)
  t.equal(taken.json().error.code, 'USERNAME_TAKEN')
  const listed = await hub.request('GET', '/api/accounts?role=grid-manager&limit=10', admin)
  t.match(listed.json(), { total: 1, accounts: [{ id, username: 'grid.north', gridId: 'grd-north', role: 'grid-manager' }] })
  t.equal((await hub.request('GET', '/api/accounts?search=north', admin)).json().total, 1)
  t.equal((await hub.request('GET', '/api/accounts?search=%25', admin)).json().total, 0, 'LIKE wildcards are literal')
  t.equal((await hub.request('GET', '/api/accounts?limit=0', admin)).json().error.code, 'INVALID_REQUEST')
  const [created] = hub.auditRows('account.created').filter((row) => row.subject_id === id)
  t.equal(created?.actor_kind, 'account')
  t.match(JSON.parse(created!.detail), { username: 'grid.north', role: 'grid-manager', gridId: 'grd-north' })
})

t.test('changes to role and scope apply to the very next request of a signed-in account', async (t) => {
  const hub = accountsFixture(t)
  hub.seedScopeTargets()
  const admin = await hub.setUpAdmin()
  const { id, session } = await hub.accountWithRole(admin, ROLE_ACCOUNTS[0])
  t.equal((await hub.request('GET', '/api/accounts', session)).statusCode, 403)
  const promoted = await hub.request('PATCH', `/api/accounts/${id}`, admin, { role: 'admin', gridId: null })
  t.equal(promoted.statusCode, 200)
  t.match(promoted.json(), { role: 'admin', gridId: null })
  t.equal((await hub.request('GET', '/api/accounts', session)).statusCode, 200)
  const [updated] = hub.auditRows('account.updated')
  t.match(JSON.parse(updated!.detail), { before: { role: 'grid-manager', gridId: 'grd-north' }, changes: { role: 'admin', gridId: null } })
  const mismatched = await hub.request('PATCH', `/api/accounts/${id}`, admin, { role: 'gate-staff' })
  t.equal(mismatched.json().error.code, 'INVALID_SCOPE')
  t.equal((await hub.request('PATCH', `/api/accounts/${id}`, admin, {})).json().error.code, 'INVALID_REQUEST')
  t.equal((await hub.request('PATCH', '/api/accounts/acc-missing', admin, { displayName: 'X' })).statusCode, 404)
})

t.test('disabling an account ends its sessions at once and refuses its sign-in', async (t) => {
  const hub = accountsFixture(t)
  hub.seedScopeTargets()
  const admin = await hub.setUpAdmin()
  const { id, session } = await hub.accountWithRole(admin, ROLE_ACCOUNTS[1], 'gate staff password')
  t.equal((await hub.request('PATCH', `/api/accounts/${id}`, admin, { isDisabled: true })).statusCode, 200)
  t.equal((await hub.request('GET', '/api/me', session)).statusCode, 401)
  const signIn = await hub.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'gate.east', password: 'gate staff password' } })
  t.equal(signIn.statusCode, 403)
  t.equal(signIn.json().error.code, 'ACCOUNT_DISABLED')
  t.equal((await hub.request('PATCH', `/api/accounts/${id}`, admin, { isDisabled: false })).statusCode, 200)
  await hub.signInAs('gate.east', 'gate staff password')
})

t.test('the last enabled admin can be neither demoted nor disabled', async (t) => {
  const hub = accountsFixture(t)
  hub.seedScopeTargets()
  const admin = await hub.setUpAdmin()
  const me = (await hub.request('GET', '/api/me', admin)).json().account.id
  const disable = await hub.request('PATCH', `/api/accounts/${me}`, admin, { isDisabled: true })
  t.equal(disable.statusCode, 409)
  t.equal(disable.json().error.code, 'LAST_ADMIN')
  t.equal((await hub.request('PATCH', `/api/accounts/${me}`, admin, { role: 'grid-manager', gridId: 'grd-north' })).json().error.code, 'LAST_ADMIN')
  const second = await hub.request('POST', '/api/accounts', admin, { username: 'second.admin', displayName: 'Second', role: 'admin' })
  t.equal(second.statusCode, 201)
  t.equal((await hub.request('PATCH', `/api/accounts/${me}`, admin, { isDisabled: true })).statusCode, 200, 'with another admin it is allowed')
})

t.test("an admin's password reset ends the account's sessions, lifts its lock and returns a one-time password", async (t) => {
  const hub = accountsFixture(t)
  hub.seedScopeTargets()
  const admin = await hub.setUpAdmin()
  const { id, session } = await hub.accountWithRole(admin, ROLE_ACCOUNTS[3], 'resident password')
  for (let attempt = 0; attempt < 5; attempt++) await hub.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'resident.wang', password: 'forgotten it' } })
  const reset = await hub.request('POST', `/api/accounts/${id}/password-reset`, admin)
  t.equal(reset.statusCode, 200)
  const temporaryPassword: string = reset.json().temporaryPassword
  t.equal((await hub.request('GET', '/api/me', session)).statusCode, 401, 'the old session ended')
  const signedIn: SignedIn = await hub.signInAs('resident.wang', temporaryPassword)
  t.equal((await hub.request('GET', '/api/me', signedIn)).json().account.mustChangePassword, true)
  const [audit] = hub.auditRows('account.password-reset')
  t.equal(audit?.subject_id, id)
  t.notMatch(audit?.detail, new RegExp(temporaryPassword))
  t.equal((await hub.request('POST', '/api/accounts/acc-missing/password-reset', admin)).statusCode, 404)
})

t.test('residents keep a phone session for weeks, staff for a shift', async (t) => {
  const hub = accountsFixture(t)
  hub.seedScopeTargets()
  const admin = await hub.setUpAdmin()
  const { session } = await hub.accountWithRole(admin, ROLE_ACCOUNTS[3])
  t.match(session.setCookie, /Max-Age=7776000/)
  hub.clock.advance(3 * 24 * 60 * 60_000)
  t.equal((await hub.request('GET', '/api/me', session)).statusCode, 200)
  t.equal((await hub.request('GET', '/api/me', admin)).statusCode, 401)
})
