/**
 * The staff view's desk work in a real Chromium against a real hub (HubRuntime on a temp dir,
 * ManualClock, HTTP on loopback): registering someone new at the returnee lane — the form names
 * a mistyped phone and a room with nobody in it in the volunteer's language and keeps what was
 * typed — and the printable visitor poster, whose QR code an independent reader reads back as
 * the visitor form's address for this gate. An admin picks the checkpoint to watch.
 */
import t, { type Test } from 'tap'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { HubRuntime } from '../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../hub/src/config/load-hub-config.js'
import { ManualClock } from '../fakes/manual-clock.js'
import { matrixFromSvgPath, readQrMatrix } from '../fakes/qr-code-reader.js'
import { SilentLogger } from '../fakes/silent-logger.js'
import { HubApiClient } from '../integration/hub/hub-api-client.js'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from './web-browser.js'

type Json = Record<string, unknown>

const EDGE_ID = 'gate-north'
const ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }
const NOW_MS = Date.UTC(2026, 10, 23, 1)
const DAY_MS = 86_400_000

async function deskHub(t: Test) {
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(t.testdir(), 'data'), http: { port: 0 }, mqtt: { port: 0 } }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const runtime = new HubRuntime({ config: loaded.value, clock: new ManualClock(NOW_MS), log: new SilentLogger() })
  t.teardown(async () => {
    await runtime.app.close()
    runtime.database.close()
  })
  await runtime.app.listen({ host: '127.0.0.1', port: 0 })
  const baseUrl = `http://127.0.0.1:${(runtime.app.server.address() as { port: number }).port}`
  const setup = runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  await new HubApiClient(baseUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const admin = new HubApiClient(baseUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)
  await admin.expect('PUT', '/api/site', { name: '向阳小区' })
  const building = await admin.expect('POST', '/api/buildings', { name: '3号楼' })
  await admin.expect('POST', `/api/buildings/${building.id}/units`, { name: '1单元' })
  const unit = await admin.expect('POST', `/api/buildings/${building.id}/units`, { name: '2单元' })
  const household = await admin.expect('POST', '/api/households', { unitId: unit.id, room: '502' })
  await admin.expect('POST', '/api/persons', { displayName: '赵桂兰', role: 'resident', relation: 'owner', householdId: household.id })
  await admin.expect('POST', '/api/edges', { id: EDGE_ID, name: '北门' })
  await admin.expect('POST', `/api/edges/${EDGE_ID}/doors`, { id: 'north-gate', name: '北门', kind: 'gate' })
  return { runtime, baseUrl, admin, household }
}

/** A staff account with its own password, ready to sign in on the page. */
async function staffAccount(admin: HubApiClient, username: string, displayName: string): Promise<string> {
  const password = `${username} keeps the gate 2020`
  const account = await admin.expect('POST', '/api/accounts', { username, displayName, role: 'gate-staff', checkpointEdgeId: EDGE_ID })
  const staff = new HubApiClient(admin.baseUrl)
  await staff.signIn(username, String(account.temporaryPassword))
  await staff.expect('POST', '/api/me/password', { currentPassword: account.temporaryPassword, newPassword: password }, 204)
  return password
}

async function staffPage(t: Test, baseUrl: string, username: string, password: string): Promise<Page> {
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser, { isPhone: true })
  await page.goto(`${baseUrl}/staff/`)
  await signInThroughPage(page, username, password)
  return page
}

t.test('a volunteer registers someone new: mistakes are named in Chinese and what was typed is kept; the temporary pass follows', { skip: BROWSER_SKIP }, async (t) => {
  const { baseUrl, admin, household } = await deskHub(t)
  const password = await staffAccount(admin, 'wang.ayi', '王阿姨')
  const page = await staffPage(t, baseUrl, 'wang.ayi', password)
  await page.locator('.app-nav a', { hasText: '返乡登记' }).click()
  const screen = page.locator('[data-screen="staff-returnee"]')
  await screen.locator('[data-choice="newcomer"]').click()
  await screen.locator('h2', { hasText: '新来的人：登记' }).waitFor()
  const units = await screen.locator('select[name="unitId"] option').allTextContents()
  t.same(units, ['3号楼 1单元', '3号楼 2单元'], 'every unit of the community to choose from')

  await screen.locator('input[name="displayName"]').fill('孙返乡')
  await screen.locator('select[name="unitId"]').selectOption({ label: '3号楼 2单元' })
  await screen.locator('input[name="room"]').fill('999')
  await screen.locator('input[name="phone"]').fill('1360000')
  await screen.locator('input[name="idNumber"]').fill('11010519491231002X')
  await screen.locator('input[name="cameFrom"]').fill('广东省深圳市')
  await screen.locator('select[name="transport"]').selectOption('coach')
  await screen.locator('button[type="submit"]').click()
  await screen.locator('[data-field="phone"] .field-message.invalid', { hasText: '手机号码不正确' }).waitFor()
  t.equal(await screen.locator('input[name="displayName"]').inputValue(), '孙返乡', 'the name is kept')

  await screen.locator('input[name="phone"]').fill('13600002222')
  await screen.locator('button[type="submit"]').click()
  await screen.locator('[data-field="room"] .field-message.invalid', { hasText: '这个房号没有登记住户' }).waitFor()
  t.equal(await screen.locator('input[name="cameFrom"]').inputValue(), '广东省深圳市', 'the answers are kept after the refusal')

  await screen.locator('input[name="room"]').fill('502')
  await screen.locator('button[type="submit"]').click()
  await screen.locator('.staff-done', { hasText: '登记完成：孙返乡' }).waitFor()
  t.equal(await screen.locator('.staff-concern').count(), 0, 'no health answer needs attention')
  const card = screen.locator('[data-temporary-pass]')
  await card.locator('h2', { hasText: '临时出入证' }).waitFor()
  t.match(await card.textContent(), /持证人孙返乡.*住址3号楼 2单元 502/s)
  t.equal(Number(await card.locator('[data-valid-until]').getAttribute('data-valid-until')), NOW_MS + 3 * DAY_MS, 'three days from now (the hub clock)')

  const members = await admin.expect<{ items: Json[] }>('GET', `/api/persons?householdId=${String(household.id)}`)
  t.same(members.items.map((person) => person.displayName).sort(), ['孙返乡', '赵桂兰'], 'the newcomer lives with the household now')
  const { items: returnees } = await admin.expect<{ items: Json[] }>('GET', '/api/returnees')
  t.match(returnees, [{ personName: '孙返乡', cameFrom: '广东省深圳市', transport: { mode: 'coach' } }])
})

t.test('the visitor poster carries a QR code of the visitor form for this gate, in Chinese and English', { skip: BROWSER_SKIP }, async (t) => {
  const { baseUrl, admin } = await deskHub(t)
  const password = await staffAccount(admin, 'li.shu', '李叔')
  const page = await staffPage(t, baseUrl, 'li.shu', password)
  await page.locator('.app-nav a', { hasText: '访客二维码' }).click()
  const poster = page.locator(`[data-screen="staff-poster"] [data-poster="${EDGE_ID}"]`)
  await poster.waitFor()
  t.match(await poster.locator('.poster-heading').textContent(), /访客请扫码登记.*Visitors: scan to register/s)
  t.equal(await poster.locator('.poster-place').textContent(), '向阳小区 · 北门')
  const expected = `${baseUrl}/visit/?gate=${EDGE_ID}`
  t.equal(await poster.locator('.poster-url').textContent(), expected, 'the address in print for phones that cannot scan')

  const source = String(await poster.locator('img.poster-qr').getAttribute('src'))
  const svg = decodeURIComponent(source.slice(source.indexOf(',') + 1))
  const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1])
  const path = /<path d="([^"]+)"/.exec(svg)?.[1] ?? ''
  t.match(readQrMatrix(matrixFromSvgPath(path, 4, side - 8)), { text: expected, ecc: 'M' }, 'an independent reader reads the visitor form address')
  t.ok(await poster.locator('img.poster-qr').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0), 'the browser draws it')
})

t.test('an admin opening the staff view picks the checkpoint to watch', { skip: BROWSER_SKIP }, async (t) => {
  const { baseUrl } = await deskHub(t)
  const browser = await launchWebBrowser(t)
  const adminPage = await newWebPage(browser, { lang: 'en' })
  await adminPage.goto(`${baseUrl}/staff/`)
  await signInThroughPage(adminPage, ADMIN.username, ADMIN.password)
  await adminPage.locator('[data-checkpoint-picker] h1', { hasText: 'Choose a checkpoint' }).waitFor()
  await adminPage.locator(`[data-edge="${EDGE_ID}"]`).click()
  await adminPage.locator('[data-screen="staff-queue"] h1', { hasText: '北门' }).waitFor()
  t.equal(await adminPage.locator('.staff-waiting').textContent(), 'Waiting for the next person…', 'nothing has happened at the gate yet')
})
