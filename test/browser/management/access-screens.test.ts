/**
 * The admin console's doors, schedules and rules in a real Chromium against the real hub: a
 * checkpoint device and a building door added (a building door without its building is refused
 * before anything is sent), a schedule typed in the edge's grammar and shown in words (a bad
 * line refused in the reader's language), and a rule "staff may pass Building 1's door on that
 * schedule" said back in words, in Chinese and in English.
 */
import t from 'tap'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from '../web-browser.js'
import { ADMIN, seedHome, startManagementHub } from './management-hub.js'

type Json = Record<string, unknown>

t.test('the admin adds a door, a schedule in words and a rule, and reads the rule back in words in both languages', { skip: BROWSER_SKIP }, async (t) => {
  const hub = await startManagementHub(t)
  const home = await seedHome(hub, { grid: '第一网格', building: '1号楼', unit: '1单元', room: '101' })
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${hub.baseUrl}/admin/#/doors`)
  await signInThroughPage(page, ADMIN.username, ADMIN.password)

  const doors = page.locator('[data-screen="doors"]')
  await doors.locator('[data-action="new-edge"]').click()
  const edgeDialog = page.locator('[data-dialog="new-edge"]')
  await edgeDialog.locator('input[name="id"]').fill('bld-1')
  await edgeDialog.locator('input[name="name"]').fill('1号楼门禁')
  await edgeDialog.locator('button[type="submit"]').click()
  const edge = doors.locator('[data-edge="bld-1"]')
  await edge.waitFor()
  await edge.locator('[data-action="new-door"]').click()
  const doorDialog = page.locator('[data-dialog="new-door"]')
  await doorDialog.locator('input[name="id"]').fill('bld-1-door')
  await doorDialog.locator('input[name="name"]').fill('1号楼单元门')
  await doorDialog.locator('select[name="kind"]').selectOption('building')
  await doorDialog.locator('button[type="submit"]').click()
  t.equal(await doorDialog.locator('[data-field="buildingId"] .field-message.invalid').textContent(), '楼门请选择所属楼栋', 'a building door without its building is refused before sending')
  t.equal(await doorDialog.locator('input[name="name"]').inputValue(), '1号楼单元门', 'what was typed stays')
  await doorDialog.locator('select[name="buildingId"]').selectOption(home.buildingId)
  await doorDialog.locator('input[name="isTemperatureRequired"]').check()
  await doorDialog.locator('button[type="submit"]').click()
  const door = edge.locator('tr[data-row="bld-1-door"]')
  await door.waitFor()
  t.match(await door.textContent(), /楼门 · 1号楼.*断电保持锁闭 · 测温，发热拒绝/, 'the door is described in words')

  await page.goto(`${hub.baseUrl}/admin/#/schedules`)
  const schedules = page.locator('[data-screen="schedules"]')
  await schedules.locator('[data-action="new-schedule"]').click()
  const scheduleDialog = page.locator('[data-dialog="new-schedule"]')
  await scheduleDialog.locator('input[name="name"]').fill('保洁员工作日')
  await scheduleDialog.locator('textarea[name="windows"]').fill('mon-fri 07:00-12:00\nsat 9-12')
  await scheduleDialog.locator('[data-preview="windows"]', { hasText: '周一至周五 07:00–12:00' }).waitFor()
  await scheduleDialog.locator('button[type="submit"]').click()
  t.equal(await scheduleDialog.locator('[data-field="windows"] .field-message.invalid').textContent(), '有一行格式不对，例如应写成 mon-fri 07:00-22:00', 'a line the gates could not read is refused in Chinese')
  await scheduleDialog.locator('textarea[name="windows"]').fill('mon-fri 07:00-12:00\nsat 09:00-12:00\nfri 22:00-02:00')
  await scheduleDialog.locator('button[type="submit"]').click()
  const schedule = schedules.locator('tbody tr', { hasText: '保洁员工作日' })
  await schedule.waitFor()
  t.match(await schedule.textContent(), /周一至周五 07:00–12:00.*周六 09:00–12:00.*周五 22:00–次日 02:00.*节假日不开放/, 'the windows read as days and hours, holidays closed')

  await page.goto(`${hub.baseUrl}/admin/#/rules`)
  const rules = page.locator('[data-screen="rules"]')
  await rules.locator('[data-action="new-rule"]').click()
  const ruleDialog = page.locator('[data-dialog="new-rule"]')
  t.equal(await ruleDialog.locator('[data-field="targetDoorId"]').isHidden(), true, 'only the selects the chosen kinds need are shown')
  await ruleDialog.locator('select[name="subjectRole"]').selectOption('staff')
  await ruleDialog.locator('select[name="targetKind"]').selectOption('door')
  await ruleDialog.locator('button[type="submit"]').click()
  t.equal(await ruleDialog.locator('[data-field="targetDoorId"] .field-message.invalid').textContent(), '请选择', 'the door must be chosen')
  await ruleDialog.locator('select[name="targetDoorId"]').selectOption('bld-1-door')
  await ruleDialog.locator('select[name="scheduleId"]').selectOption({ label: '保洁员工作日' })
  await ruleDialog.locator('button[type="submit"]').click()
  const rule = rules.locator('tbody tr').first()
  await rule.waitFor()
  t.match(await rule.textContent(), /身份：工作人员.*门：1号楼单元门.*保洁员工作日/, 'the rule reads: who, where, when')
  const stored = await hub.admin.expect<{ items: Json[] }>('GET', '/api/access-rules')
  t.match(stored.items, [{ subjectKind: 'role', subjectId: 'staff', targetKind: 'door', targetId: 'bld-1-door', scheduleId: /.+/, isLockdownExempt: false }], 'the hub holds the rule as chosen')

  await page.locator('.app-header button.lang').click()
  await rules.locator('h1', { hasText: 'Access rules' }).waitFor()
  t.match(await rules.locator('tbody tr').first().textContent(), /Role：Staff.*Door：1号楼单元门/, 'and in English after switching')
  await page.goto(`${hub.baseUrl}/admin/#/schedules`)
  await schedules.locator('tbody tr', { hasText: 'Mon–Fri 07:00–12:00' }).waitFor()
  t.match(await schedules.locator('tbody tr').first().textContent(), /Fri 22:00 – 02:00 next day/, 'the overnight window in English')

  const carer = await hub.admin.expect('POST', '/api/persons', { displayName: '护工小李', role: 'staff' })
  await page.goto(`${hub.baseUrl}/admin/#/residents/${String(carer.id)}`)
  const personal = page.locator('[data-screen="person"] [data-panel="person-rules"]')
  await personal.locator('[data-action="new-person-rule"]').click()
  const personRule = page.locator('[data-dialog="new-rule"]')
  t.equal(await personRule.locator('[data-field="subjectKind"]').count(), 0, 'on a person’s page the rule is for that person')
  await personRule.locator('select[name="targetKind"]').selectOption('building')
  await personRule.locator('select[name="targetBuildingId"]').selectOption(home.buildingId)
  await personRule.locator('button[type="submit"]').click()
  const personalRow = personal.locator('tbody tr')
  await personalRow.waitFor()
  t.match(await personalRow.textContent(), /Person：护工小李.*Doors of building：1号楼.*At any time/, 'the personal rule in words')
})

