import t from 'tap'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { buildKioskApp } from '../../edge/src/adapters/kiosk/build-kiosk-app.js'
import { KioskScreens } from '../../edge/src/services/kiosk-screens.js'

/** Runs in the page; the test compiles without the DOM library. */
declare const getComputedStyle: (element: unknown) => { backgroundColor: string }

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

t.test('a volunteer sees the outcome in colour and in words, live', { skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}` }, async (t) => {
  const screens = new KioskScreens(['north-gate'])
  const app = buildKioskApp({ screens, health: () => ({}) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  t.teardown(() => browser.close())
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${port}/`)
  const door = page.locator('[data-door="north-gate"]')
  await door.locator('.zh', { hasText: '请刷卡或出示通行码' }).waitFor()
  await page.locator('footer', { hasText: '在线' }).waitFor()
  screens.showDecision('north-gate', 1, { granted: false, reason: 'FEVER' }, { personName: '王五', temperature: { celsius: 38.4, status: 'fever' } })
  await door.locator('.zh', { hasText: '体温异常' }).waitFor()
  t.equal(await door.getAttribute('data-granted'), 'false')
  t.equal(await door.locator('.temp').textContent(), '38.4 °C')
  t.equal(await door.locator('.who').textContent(), '王五')
  const background = await door.evaluate((element) => getComputedStyle(element).backgroundColor)
  t.equal(background, 'rgb(163, 21, 27)', 'a denial is red')
  screens.showDecision('north-gate', 2, { granted: true, reason: 'GRANTED' }, { personName: '赵六' })
  await door.locator('.en', { hasText: 'Please go ahead' }).waitFor()
  t.equal(await door.evaluate((element) => getComputedStyle(element).backgroundColor), 'rgb(10, 107, 43)', 'a grant is green')
})
