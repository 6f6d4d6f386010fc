/**
 * Landlords, tenant declarations and accounts in the admin console, in a real Chromium against
 * the real hub: the office registers a landlord and makes their account (the temporary password
 * shown once); the landlord signs in on a phone, sets their own password, sees their tenants and
 * declares another in a home they let; grid staff verify one declaration and reject the other.
 */
import t from 'tap'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from '../web-browser.js'
import { ADMIN, seedHome, startManagementHub, validIdNumber } from './management-hub.js'

type Json = Record<string, unknown>

t.test('a landlord gets an account, declares a tenant from a phone, and grid staff verify and reject declarations', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const home = await seedHome(hub, { grid: '城中村网格', building: '新村8栋', unit: '1单元', room: '602' })
  const browser = await launchWebBrowser(t)
  const office = await newWebPage(browser)
  await office.goto(`${hub.baseUrl}/admin/#/landlords`)
  await signInThroughPage(office, ADMIN.username, ADMIN.password)

  const landlords = office.locator('[data-screen="landlords"]')
  await landlords.locator('[data-action="new-landlord"]').click()
  const newLandlord = office.locator('[data-dialog="new-landlord"]')
  await newLandlord.locator('input[name="displayName"]').fill('黄房东')
  await newLandlord.locator('input[name="phone"]').fill('1390000')
  await newLandlord.locator('button[type="submit"]').click()
  t.equal(await newLandlord.locator('[data-field="phone"] .field-message.invalid').textContent(), '手机号码不正确（11 位数字）', 'a short phone is refused in Chinese')
  await newLandlord.locator('input[name="phone"]').fill('13900001111')
  await newLandlord.locator('button[type="submit"]').click()
  await landlords.locator('tbody tr', { hasText: '黄房东' }).waitFor()
  const landlord = (await hub.admin.expect<{ items: Json[] }>('GET', '/api/landlords')).items[0] ?? {}
  await hub.admin.expect('POST', '/api/tenant-declarations', { landlordId: landlord.id, householdId: home.householdId, tenant: { displayName: '租户甲', phone: '13711112222', idNumber: validIdNumber('44030419950101003') } })

  await office.goto(`${hub.baseUrl}/admin/#/accounts`)
  const accounts = office.locator('[data-screen="accounts"]')
  await accounts.locator('[data-action="new-account"]').click()
  const newAccount = office.locator('[data-dialog="new-account"]')
  await newAccount.locator('input[name="username"]').fill('huang.landlord')
  await newAccount.locator('input[name="displayName"]').fill('黄房东')
  await newAccount.locator('select[name="role"]').selectOption('landlord')
  t.equal(await newAccount.locator('[data-field="gridId"]').isHidden(), true, 'only the landlord scope is asked for a landlord')
  await newAccount.locator('button[type="submit"]').click()
  t.equal(await newAccount.locator('[data-field="landlordId"] .field-message.invalid').textContent(), '这个角色需要选择负责范围', 'the scope is required')
  await newAccount.locator('select[name="landlordId"]').selectOption(String(landlord.id))
  await newAccount.locator('button[type="submit"]').click()
  const shown = office.locator('[data-dialog="temporary-password"] [data-temporary-password]')
  await shown.waitFor()
  const temporaryPassword = (await shown.textContent()) ?? ''
  t.ok(temporaryPassword.length >= 10, 'the temporary password is shown once')
  await office.locator('[data-dialog="temporary-password"] button').click()
  await accounts.locator('tr[data-row="huang.landlord"] [data-state="temporary"]').waitFor()

  // The landlord, on a phone: their own password first, then their tenants.
  const phone = await newWebPage(browser, { isPhone: true })
  await phone.goto(`${hub.baseUrl}/admin/#/tenants`)
  await signInThroughPage(phone, 'huang.landlord', temporaryPassword)
  const change = phone.locator('[data-screen="password"] form')
  await change.locator('input[name="currentPassword"]').fill(temporaryPassword)
  await change.locator('input[name="newPassword"]').fill('huang lets rooms 2026')
  await change.locator('input[name="repeat"]').fill('huang lets rooms 2026')
  await change.locator('button[type="submit"]').click()
  const mine = phone.locator('[data-screen="tenants"]')
  await mine.locator('h1', { hasText: '我的租户' }).waitFor()
  await mine.locator('tbody tr', { hasText: '租户甲' }).waitFor()
  t.equal(await mine.locator('[data-action="verify"]').count(), 0, 'a landlord cannot verify their own declaration')
  await mine.locator('[data-action="declare"]').click()
  await phone.locator(`[data-screen="declare-tenant"] [data-household="${home.householdId}"]`, { hasText: '新村8栋 1单元 602' }).click()
  const declare = phone.locator('[data-screen="declare-tenant"] form')
  t.equal(await declare.locator('[data-field="landlordId"]').count(), 0, 'a landlord declares as themself')
  await declare.locator('input[name="displayName"]').fill('租户乙')
  await declare.locator('input[name="phone"]').fill('13722223333')
  await declare.locator('input[name="idNumber"]').fill(validIdNumber('44030419960202004'))
  await declare.locator('button[type="submit"]').click()
  await mine.locator('tbody tr', { hasText: '租户乙' }).waitFor()
  t.equal(await mine.locator('tbody tr [data-status="pending"]').count(), 2, 'both declarations wait for verification')

  // Grid staff (the admin here) verify one after calling, reject the other with a reason.
  await office.goto(`${hub.baseUrl}/admin/#/tenants`)
  const declarations = office.locator('[data-screen="tenants"]')
  await declarations.locator('tbody tr', { hasText: '租户甲' }).locator('[data-action="verify"]').click()
  await office.locator('[data-dialog="verify-declaration"] button[type="submit"]').click()
  await declarations.locator('tbody tr', { hasText: '租户甲' }).locator('[data-status="verified"]').waitFor()
  await declarations.locator('tbody tr', { hasText: '租户乙' }).locator('[data-action="reject"]').click()
  const reject = office.locator('[data-dialog="reject-declaration"]')
  await reject.locator('button[type="submit"]').click()
  t.equal(await reject.locator('[data-field="note"] .field-message.invalid').textContent(), '请填写此项', 'a rejection needs a reason')
  await reject.locator('input[name="note"]').fill('电话无法接通')
  await reject.locator('button[type="submit"]').click()
  await declarations.locator('tbody tr', { hasText: '租户乙' }).locator('[data-status="rejected"]').waitFor()
  const tenants = await hub.admin.expect<{ items: Json[] }>('GET', `/api/persons?householdId=${home.householdId}&status=active`)
  t.same(tenants.items.map((person) => [person.displayName, person.role]), [['租户甲', 'tenant']], 'only the verified tenant is active in the household')

  // The office resets the landlord's password (shown once) and then disables the account.
  await office.goto(`${hub.baseUrl}/admin/#/accounts`)
  const row = accounts.locator('tr[data-row="huang.landlord"]')
  await row.locator('[data-state="active"]').waitFor()
  await row.locator('[data-action="reset-password"]').click()
  await office.locator('[data-dialog="reset-password"] button[type="submit"]').click()
  const again = office.locator('[data-dialog="temporary-password"] [data-temporary-password]')
  await again.waitFor()
  t.not(await again.textContent(), temporaryPassword, 'a reset shows a new temporary password')
  await office.locator('[data-dialog="temporary-password"] button').click()
  await row.locator('[data-state="temporary"]').waitFor()
  await row.locator('[data-action="disable"]').click()
  await office.locator('[data-dialog="disable-account"] button[type="submit"]').click()
  await row.locator('[data-state="disabled"]').waitFor()
  const session = await hub.admin.expect<{ accounts: Json[] }>('GET', '/api/accounts?search=huang')
  t.match(session.accounts, [{ username: 'huang.landlord', isDisabled: true, mustChangePassword: true }], 'the hub holds the account disabled, its password temporary')
})

