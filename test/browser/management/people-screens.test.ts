/**
 * The admin console's people screens in a real Chromium against the real hub: forms refuse bad
 * input in the reader's language and keep what was typed; the office registers a resident
 * through the home picker, issues a card, takes a photo and reveals the full phone (audited); a
 * grid manager sees their own grid only, and another grid's resident by address is refused in
 * words.
 */
import t from 'tap'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from '../web-browser.js'
import { accountWithPassword, ADMIN, seedHome, startManagementHub, validIdNumber } from './management-hub.js'

type Json = Record<string, unknown>

/** A 1×1 PNG, as a phone's file picker would hand it over. */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

const ZHANG_ID = validIdNumber('11010119800101001')
const LI_ID = validIdNumber('44030419900315002')
/** Li's ID number with its last character changed: a typo the check digit catches. */
const LI_ID_TYPO = LI_ID.slice(0, 17) + (LI_ID.endsWith('1') ? '2' : '1')

t.test('the resident form refuses an 8-digit phone and a wrong check digit in Chinese, then in English, keeping what was typed; the hub’s own refusal lands on its field', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const home = await seedHome(hub, { grid: '第一网格', building: '1号楼', unit: '1单元', room: '301' })
  await hub.admin.expect('POST', '/api/persons', { displayName: '张建国', role: 'resident', relation: 'owner', householdId: home.householdId, idNumber: ZHANG_ID })
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/residents/new?householdId=${home.householdId}`)
  await signInThroughPage(page, ADMIN.username, ADMIN.password)
  const screen = page.locator('[data-screen="new-person"]')
  const form = screen.locator('form')
  const message = (field: string) => form.locator(`[data-field="${field}"] .field-message.invalid`)

  await screen.locator('[data-household]', { hasText: '1号楼 1单元 301' }).waitFor()
  await form.locator('input[name="displayName"]').fill('李秀英')
  await form.locator('input[name="phone"]').fill('13812345')
  await form.locator('input[name="idNumber"]').fill(LI_ID_TYPO)
  await form.locator('button[type="submit"]').click()
  await message('phone').waitFor()
  t.equal(await message('phone').textContent(), '手机号码不正确（11 位数字）', 'the 8-digit phone is refused in Chinese')
  t.equal(await message('idNumber').textContent(), '身份证号码校验位不正确，请核对', 'the wrong check digit is named in Chinese')
  t.equal(await form.locator('input[name="displayName"]').inputValue(), '李秀英', 'the name typed is kept')
  t.equal(await form.locator('input[name="phone"]').inputValue(), '13812345', 'the wrong phone is kept for correcting')

  await page.locator('.app-header button.lang').click()
  await screen.locator('h1', { hasText: 'Register a resident' }).waitFor()
  await form.locator('input[name="displayName"]').fill('Li Xiuying')
  await form.locator('input[name="phone"]').fill('13812345')
  await form.locator('input[name="idNumber"]').fill(LI_ID_TYPO)
  await form.locator('button[type="submit"]').click()
  await message('phone').waitFor()
  t.equal(await message('phone').textContent(), 'Not a valid mobile number (11 digits)', 'the same refusal in English after switching')
  t.equal(await message('idNumber').textContent(), 'The ID number’s check digit is wrong: please check it')
  t.equal(await form.locator('input[name="idNumber"]').inputValue(), LI_ID_TYPO, 'the ID number typed is kept')

  await form.locator('input[name="phone"]').fill('138 1234 5678')
  await form.locator('input[name="idNumber"]').fill(ZHANG_ID)
  await form.locator('button[type="submit"]').click()
  await message('idNumber').filter({ hasText: 'Someone is already registered with this ID number' }).waitFor()
  t.equal(await form.locator('input[name="displayName"]').inputValue(), 'Li Xiuying', 'after the hub refused the duplicate ID number, the form still holds what was typed')
  t.equal(await message('phone').count(), 0, 'the corrected phone is no longer marked')

  await form.locator('input[name="idNumber"]').fill(LI_ID)
  await form.locator('button[type="submit"]').click()
  await page.locator('[data-screen="person"] .person-name', { hasText: 'Li Xiuying' }).waitFor()
  const people = await hub.admin.expect<{ items: Json[] }>('GET', `/api/persons?householdId=${home.householdId}`)
  t.match(
    people.items.find((person) => person.displayName === 'Li Xiuying'),
    { role: 'resident', relation: 'family', phone: '138****5678', idNumber: /^440\*+/ },
    'the hub stored the corrected resident in the household',
  )
})

t.test('the office registers a resident through the home picker, issues a card, takes a photo and reveals the full phone, which the audit log records', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const home = await seedHome(hub, { grid: '第一网格', building: '3号楼', unit: '2单元', room: '502' })
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/residents`)
  await signInThroughPage(page, ADMIN.username, ADMIN.password)
  await page.locator('[data-screen="residents"] [data-action="new-person"]').click()
  const picker = page.locator('[data-screen="new-person"] .household-picker')
  await picker.locator('select[name="buildingId"]').selectOption(home.buildingId)
  await picker.locator('select[name="unitId"]').selectOption(home.unitId)
  await picker.locator(`[data-household="${home.householdId}"]`).click()
  const form = page.locator('[data-screen="new-person"] form')
  await form.locator('input[name="displayName"]').fill('赵卫东')
  await form.locator('select[name="relation"]').selectOption('owner')
  await form.locator('input[name="phone"]').fill('13900001234')
  await form.locator('input[name="idNumber"]').fill(ZHANG_ID)
  await form.locator('button[type="submit"]').click()
  const person = page.locator('[data-screen="person"]')
  await person.locator('.person-name', { hasText: '赵卫东' }).waitFor()
  t.equal(await person.locator('[data-fact="home"]').textContent(), '3号楼 2单元 502')
  t.equal(await person.locator('[data-fact="phone"]').textContent(), '139****1234', 'the admin sees the phone masked')

  await person.locator('[data-action="issue-card"]').click()
  const issue = page.locator('[data-dialog="issue-card"]')
  await issue.locator('input[name="facility"]').fill('212')
  await issue.locator('input[name="cardNumber"]').fill('7041')
  await issue.locator('button[type="submit"]').click()
  await issue.waitFor({ state: 'detached' })
  const card = person.locator('[data-panel="credentials"] tbody tr', { hasText: 'card:h10301:212:7041' })
  await card.waitFor()
  t.match(await card.textContent(), /门卡.*有效.*从未使用/, 'the card is listed active, never used yet')

  await person.locator('input[name="photo"]').setInputFiles({ name: 'zhao.png', mimeType: 'image/png', buffer: TINY_PNG })
  const photo = person.locator('img.photo')
  await photo.waitFor()
  t.ok(await photo.evaluate((image: { decode(): Promise<void>; naturalWidth: number }) => image.decode().then(() => image.naturalWidth > 0)), 'the uploaded photo is served back and shows')
  const stored = await hub.admin.request('GET', `/api/persons?name=${encodeURIComponent('赵卫东')}`)
  t.match(stored.body, { items: [{ photoId: /^pho/ }] }, 'the hub holds the photo')

  await person.locator('[data-action="reveal"]', { hasText: '将记入审计日志' }).click()
  const reveal = page.locator('[data-dialog="reveal-person"]')
  await reveal.locator('button[type="submit"]').click()
  t.equal(await reveal.locator('[data-field="reason"] .field-message.invalid').textContent(), '请填写此项', 'a reveal needs a reason')
  await reveal.locator('input[name="reason"]').fill('核实返乡登记')
  await reveal.locator('button[type="submit"]').click()
  await person.locator('[data-revealed]').waitFor()
  t.equal(await person.locator('[data-fact="phone"]').textContent(), '13900001234', 'the full phone is shown after the audited reveal')
  t.equal(await person.locator('[data-fact="idNumber"]').textContent(), ZHANG_ID)
  const audit = await hub.admin.expect<{ entries: Json[] }>('GET', '/api/audit?actionPrefix=person.personal-data-revealed')
  t.match(audit.entries, [{ actor: { name: ADMIN.displayName }, detail: { reason: '核实返乡登记' } }], 'the reveal is in the audit log with its reason')
})

t.test('a grid manager sees only their grid’s residents, and another grid’s resident by address is refused in words', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const east = await seedHome(hub, { grid: '东区网格', building: '东1栋', unit: '1单元', room: '101' })
  const west = await seedHome(hub, { grid: '西区网格', building: '西1栋', unit: '1单元', room: '101' })
  await hub.admin.expect('POST', '/api/persons', { displayName: '东区居民甲', role: 'resident', householdId: east.householdId, phone: '13700000001' })
  const other = await hub.admin.expect('POST', '/api/persons', { displayName: '西区居民乙', role: 'resident', householdId: west.householdId, phone: '13700000002' })
  await accountWithPassword(hub, { username: 'grid-east', displayName: '刘网格长', role: 'grid-manager', gridId: east.gridId }, 'east grid password 2026')
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/residents`)
  await signInThroughPage(page, 'grid-east', 'east grid password 2026')
  const list = page.locator('[data-screen="residents"]')
  await list.locator('tbody tr', { hasText: '东区居民甲' }).waitFor()
  t.equal(await list.locator('tbody tr').count(), 1, 'one resident listed: their own grid’s')
  t.notMatch(await list.textContent(), /西区居民乙/, 'the other grid’s resident is not shown')
  t.equal(await list.locator('tbody tr').textContent().then((text) => text?.includes('13700000001')), true, 'a grid manager sees their residents’ phones in full (they call them)')
  t.same(await list.locator('select[name="buildingId"] option').allTextContents(), ['—', '东1栋'], 'only their grid’s buildings are offered')

  await page.goto(`${hub.baseUrl}/admin/#/residents/${String(other.id)}`)
  const refusal = page.locator('[data-screen="person"] [data-refusal]')
  await refusal.waitFor()
  t.equal(await refusal.getAttribute('data-refusal'), 'OUT_OF_SCOPE')
  t.equal(await refusal.textContent(), '这不在您负责的范围内', 'the refusal is said in words')
  t.notMatch(await page.locator('main').textContent(), /西区居民乙/, 'nothing of the other grid’s resident is shown')
})

t.test('the admin builds a grid, a building, a unit and a room through the places screens; a grid still in use is not deleted, and the page says why', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/places`)
  await signInThroughPage(page, ADMIN.username, ADMIN.password)
  const places = page.locator('[data-screen="places"]')
  await places.locator('[data-action="new-grid"]').click()
  await page.locator('[data-dialog="new-grid"] input[name="name"]').fill('第二网格')
  await page.locator('[data-dialog="new-grid"] button[type="submit"]').click()
  await places.locator('tbody tr', { hasText: '第二网格' }).waitFor()
  await places.locator('[data-action="new-building"]').click()
  const newBuilding = page.locator('[data-dialog="new-building"]')
  await newBuilding.locator('input[name="name"]').fill('7号楼')
  await newBuilding.locator('select[name="gridId"]').selectOption({ label: '第二网格' })
  await newBuilding.locator('button[type="submit"]').click()

  const building = page.locator('[data-screen="building"]')
  await building.locator('h2', { hasText: '7号楼' }).waitFor()
  await building.locator('[data-action="new-unit"]').click()
  await page.locator('[data-dialog="new-unit"] input[name="name"]').fill('3单元')
  await page.locator('[data-dialog="new-unit"] button[type="submit"]').click()
  const unit = building.locator('[data-unit]', { hasText: '3单元' })
  await unit.locator('[data-action="new-household"]').click()
  const room = page.locator('[data-dialog="new-household"]')
  await room.locator('input[name="room"]').fill('12 01')
  await room.locator('button[type="submit"]').click()
  t.equal(await room.locator('[data-field="room"] .field-message.invalid').textContent(), '数字、字母或“-”，例如 302、B-1201', 'a room number with a space is refused with the hint')
  await room.locator('input[name="room"]').fill('1201')
  await room.locator('button[type="submit"]').click()
  await unit.locator('tbody tr', { hasText: '1201' }).click()
  await page.locator('[data-screen="household"] h2', { hasText: '7号楼 3单元 1201' }).waitFor()

  await page.goto(`${hub.baseUrl}/admin/#/places`)
  await places.locator('tbody tr', { hasText: '第二网格' }).locator('[data-action="delete-grid"]').click()
  const remove = page.locator('[data-dialog="delete-grid"]')
  await remove.locator('button[type="submit"]').click()
  const refusal = remove.locator('.form-error')
  await refusal.filter({ hasText: '网格里还有楼栋或住户，不能删除' }).waitFor()
  t.pass('the hub’s GRID_IN_USE is said in words, in the dialog')
  t.match((await hub.admin.expect<{ items: Json[] }>('GET', '/api/grids')).items, [{ name: '第二网格', buildingCount: 1, householdCount: 1 }], 'the grid is still there')
})
