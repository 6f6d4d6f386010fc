/**
 * The office hands a resident their phone app from the person's page: a one-time enrolment link
 * as a QR code and as text, which the phone app takes (`/app/#/enrol/<token>`) exactly once.
 */
import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from '../web-browser.js'
import { ADMIN, seedHome, startManagementHub } from './management-hub.js'

t.test('the office makes a one-time phone enrolment QR code on a resident’s page, and a newer one withdraws it', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const home = await seedHome(hub, { grid: '第一网格', building: '5号楼', unit: '1单元', room: '301' })
  const li = await hub.admin.expect('POST', '/api/persons', { displayName: '李秀英', role: 'resident', relation: 'owner', householdId: home.householdId })
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/residents/${String(li.id)}`)
  await signInThroughPage(page, ADMIN.username, ADMIN.password)

  const panel = page.locator('[data-screen="person"] [data-panel="phone-link"]')
  await panel.locator('[data-action="issue-phone-link"]', { hasText: '生成手机绑定二维码' }).click()
  const link = panel.locator('[data-enrolment-url]')
  await link.waitFor()
  const first = String(await link.getAttribute('data-enrolment-url'))
  t.match(first, new RegExp(`^${hub.baseUrl}/app/#/enrol/[A-Za-z0-9_-]{20,}$`), 'the link opens the phone app’s enrolment with a token')
  t.equal(await panel.locator('img.phone-link-qr').getAttribute('data-qr-text'), first, 'the QR code carries the same link')
  t.match(await panel.textContent(), /只能使用一次/, 'the page says the link works once')

  await panel.locator('[data-action="issue-phone-link"]').click()
  await panel.locator(`[data-enrolment-url]:not([data-enrolment-url="${first}"])`).waitFor()
  const second = String(await panel.locator('[data-enrolment-url]').getAttribute('data-enrolment-url'))
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1)
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
  const publicKey = Buffer.from(String(jwk.x), 'base64url').toString('base64')
  const withdrawn = await hub.admin.request<{ error: { code: string } }>('POST', '/api/phone-enrollment', { token: tokenOf(first), publicKey })
  t.ok(withdrawn.status >= 400 && withdrawn.status < 500 && withdrawn.body.error.code !== 'INVALID_REQUEST', `the older link no longer enrols a phone (${withdrawn.status} ${withdrawn.body.error.code})`)
  const enrolled = await hub.admin.request('POST', '/api/phone-enrollment', { token: tokenOf(second), publicKey })
  t.equal(enrolled.status, 201, 'the newest link enrols the phone')
})
