/**
 * Home observation, sealed buildings and returnee registrations in the admin console, in a real
 * Chromium against the real hub (its clock a ManualClock): a person placed under observation
 * from their page for the site's 14 days, extended, released early; a building sealed and
 * reopened; a returnee's four questions read back in words.
 */
import t from 'tap'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from '../web-browser.js'
import { ADMIN, seedHome, startManagementHub } from './management-hub.js'

type Json = Record<string, unknown>

t.test('the office places a resident under home observation, extends and releases it, seals and reopens a building, and reads a returnee’s four questions', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const home = await seedHome(hub, { grid: '第一网格', building: '5号楼', unit: '1单元', room: '201' })
  const zhang = await hub.admin.expect('POST', '/api/persons', { displayName: '张建国', role: 'resident', relation: 'owner', householdId: home.householdId })
  await hub.admin.expect('POST', '/api/returnees', {
    personId: zhang.id,
    cameFrom: '湖北省武汉市',
    arrivedOn: '2026-03-01',
    transport: { mode: 'train', detail: 'G1234' },
    health: { hasFever: false, hasRespiratorySymptoms: false, hasContactWithCases: false, hasVisitedRiskArea: true },
  })
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/residents/${String(zhang.id)}`)
  await signInThroughPage(page, ADMIN.username, ADMIN.password)

  const panel = page.locator('[data-screen="person"] [data-panel="observation"]')
  await panel.locator('[data-observed="false"]').waitFor()
  await panel.locator('[data-action="place-observation"]').click()
  const place = page.locator('[data-dialog="place-observation"]')
  t.equal(await place.locator('input[name="days"]').inputValue(), '14', 'the site’s default length is offered')
  await place.locator('input[name="reason"]').fill('武汉返回')
  await place.locator('button[type="submit"]').click()
  const order = panel.locator('tbody tr')
  await order.locator('[data-status="in-force"]', { hasText: '还剩 14 天' }).waitFor()
  t.match(await order.textContent(), /个人.*还剩 14 天.*武汉返回/, 'the order shows whom it covers, days left and why')

  await order.locator('[data-action="extend"]').click()
  const extend = page.locator('[data-dialog="extend-order"]')
  await extend.locator('button[type="submit"]').click()
  t.equal(await extend.locator('[data-field="days"] .field-message.invalid').textContent(), '请填写延长天数，或选择新的最后一天', 'an extension needs days or a date')
  await extend.locator('input[name="days"]').fill('3')
  await extend.locator('button[type="submit"]').click()
  await order.locator('[data-status="in-force"]', { hasText: '还剩 17 天' }).waitFor()
  const stored = await hub.admin.expect<{ items: Json[] }>('GET', `/api/observation-orders?appliesToPersonId=${String(zhang.id)}`)
  t.match(stored.items, [{ subjectKind: 'person', subjectId: zhang.id, endsAtMs: hub.clock.now() + 17 * 86_400_000, reason: '武汉返回' }], 'the hub holds the order, 17 days from now')

  // A release ends the order at the instant it is made, which must come after its start.
  hub.clock.advance(60_000)
  await page.goto(`${hub.baseUrl}/admin/#/observation`)
  const listed = page.locator('[data-screen="observation"] tbody tr', { hasText: '张建国' })
  await listed.waitFor()
  await listed.locator('[data-action="release"]').click()
  const release = page.locator('[data-dialog="release-observation"]')
  await release.locator('input[name="reason"]').fill('核酸阴性')
  await release.locator('button[type="submit"]').click()
  await listed.waitFor({ state: 'detached' })
  const after = await hub.admin.expect<{ items: Json[] }>('GET', `/api/observation-orders?appliesToPersonId=${String(zhang.id)}`)
  t.match(after.items, [{ status: 'ended-early', daysLeft: 0 }], 'released early')

  await page.goto(`${hub.baseUrl}/admin/#/lockdowns`)
  const lockdowns = page.locator('[data-screen="lockdowns"]')
  await lockdowns.locator('[data-action="seal"]').click()
  const seal = page.locator('[data-dialog="seal-building"]')
  await seal.locator('select[name="buildingId"]').selectOption(home.buildingId)
  await seal.locator('button[type="submit"]').click()
  const sealed = lockdowns.locator('tbody tr', { hasText: '5号楼' })
  await sealed.locator('[data-status="in-force"]', { hasText: '还剩 14 天' }).waitFor()
  hub.clock.advance(60_000)
  await sealed.locator('[data-action="lift"]').click()
  await page.locator('[data-dialog="lift-lockdown"] button[type="submit"]').click()
  await sealed.waitFor({ state: 'detached' })
  t.match((await hub.admin.expect<{ items: Json[] }>('GET', '/api/lockdowns?state=ended')).items, [{ buildingId: home.buildingId, status: 'ended-early' }], 'the building is reopened')

  await page.goto(`${hub.baseUrl}/admin/#/returnees`)
  const returnee = page.locator('[data-screen="returnees"] tbody tr', { hasText: '张建国' })
  await returnee.waitFor()
  t.match(await returnee.textContent(), /5号楼 1单元 201.*湖北省武汉市.*2026-03-01.*火车 G1234.*需要关注/, 'the registration in a row: home, where from, when, how, a health concern')
  await returnee.click()
  const detail = page.locator('[data-screen="returnee"]')
  await detail.locator('[data-fact="hasVisitedRiskArea"]').waitFor()
  t.equal(await detail.locator('[data-fact="hasVisitedRiskArea"]').textContent(), '是', 'stayed in a risk area: yes')
  t.equal(await detail.locator('[data-fact="hasFever"]').textContent(), '否')
  await page.locator('.app-header button.lang').click()
  await detail.locator('h1', { hasText: 'Returnee registration' }).waitFor()
  t.equal(await detail.locator('[data-fact="transport"]').textContent(), 'Train G1234', 'and in English')
})
