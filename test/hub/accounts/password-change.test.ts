import t from 'tap'
import { ADMIN, accountsFixture } from './accounts-fixture.js'

const NEW_PASSWORD = 'a brand new passphrase'

t.test('changing my password needs the current one, ends my other sessions, keeps this one, and is audited', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  const otherDevice = await hub.signInAs(ADMIN.username, ADMIN.password)
  const response = await hub.request('POST', '/api/me/password', admin, { currentPassword: ADMIN.password, newPassword: NEW_PASSWORD })
  t.equal(response.statusCode, 204)
  t.equal((await hub.request('GET', '/api/me', admin)).statusCode, 200, 'this session stays')
  t.equal((await hub.request('GET', '/api/me', otherDevice)).statusCode, 401, 'the other session ended')
  await t.rejects(hub.signInAs(ADMIN.username, ADMIN.password), /401/, 'the old password no longer works')
  await hub.signInAs(ADMIN.username, NEW_PASSWORD)
  const [audit] = hub.auditRows('account.password-changed')
  t.equal(audit?.actor_kind, 'account')
  t.equal(audit?.subject_id, audit?.actor_id)
  t.notMatch(audit?.detail, /passphrase|scrypt/)
})

t.test('a wrong current password or a weak new one is refused with its reason and changes nothing', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  const wrong = await hub.request('POST', '/api/me/password', admin, { currentPassword: 'not my password', newPassword: NEW_PASSWORD })
  t.equal(wrong.statusCode, 403)
  t.equal(wrong.json().error.code, 'CURRENT_PASSWORD_WRONG')
  const weak = await hub.request('POST', '/api/me/password', admin, { currentPassword: ADMIN.password, newPassword: 'short' })
  t.equal(weak.statusCode, 400)
  t.equal(weak.json().error.code, 'WEAK_PASSWORD')
  t.same(weak.json().error.details, ['password must have at least 10 characters'])
  const same = await hub.request('POST', '/api/me/password', admin, { currentPassword: ADMIN.password, newPassword: ADMIN.password })
  t.same(same.json().error.details, ['the new password must differ from the current one'])
  const repeated = await hub.request('POST', '/api/me/password', admin, { currentPassword: ADMIN.password, newPassword: 'aaaaaaaaaaaa' })
  t.same(repeated.json().error.details, ['password must not be one character repeated'])
  await hub.signInAs(ADMIN.username, ADMIN.password)
  t.equal(hub.auditRows('account.password-changed').length, 0)
})

t.test('guessing the current password through the change route counts toward the lockout', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  const codes: string[] = []
  for (let attempt = 0; attempt < 6; attempt++) {
    codes.push((await hub.request('POST', '/api/me/password', admin, { currentPassword: `guess ${attempt}`, newPassword: NEW_PASSWORD })).json().error.code)
  }
  t.same(codes, ['CURRENT_PASSWORD_WRONG', 'CURRENT_PASSWORD_WRONG', 'CURRENT_PASSWORD_WRONG', 'CURRENT_PASSWORD_WRONG', 'SIGN_IN_LOCKED', 'SIGN_IN_LOCKED'])
})

t.test('an account with a temporary password may only change it; then it works normally', async (t) => {
  const hub = accountsFixture(t)
  const admin = await hub.setUpAdmin()
  const created = await hub.request('POST', '/api/accounts', admin, { username: 'chen.staff', displayName: 'Chen', role: 'admin' })
  const temporaryPassword: string = created.json().temporaryPassword
  t.match(temporaryPassword, /^[a-hj-km-np-z2-9]{14}$/)
  const first = await hub.signInAs('chen.staff', temporaryPassword)
  const me = await hub.request('GET', '/api/me', first)
  t.equal(me.json().account.mustChangePassword, true)
  const blocked = await hub.request('GET', '/api/accounts', first)
  t.equal(blocked.statusCode, 401, 'everything else treats the session as signed out')
  const changed = await hub.request('POST', '/api/me/password', first, { currentPassword: temporaryPassword, newPassword: NEW_PASSWORD })
  t.equal(changed.statusCode, 204)
  t.equal((await hub.request('GET', '/api/me', first)).json().account.mustChangePassword, false)
  t.equal((await hub.request('GET', '/api/accounts', first)).statusCode, 200)
})
