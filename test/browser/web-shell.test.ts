import t, { type Test } from 'tap'
import { join } from 'node:path'
import { HubRuntime } from '../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../hub/src/config/load-hub-config.js'
import { ManualClock } from '../fakes/manual-clock.js'
import { SilentLogger } from '../fakes/silent-logger.js'
import { BROWSER_SKIP, launchWebBrowser, newWebPage, signInThroughPage } from './web-browser.js'

async function startHub(t: Test) {
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(t.testdir(), 'data'), http: { port: 0 }, mqtt: { port: 0 } }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const runtime = new HubRuntime({ config: loaded.value, clock: new ManualClock(Date.UTC(2026, 10, 23, 1)), log: new SilentLogger() })
  t.teardown(async () => {
    await runtime.app.close()
    runtime.database.close()
  })
  await runtime.app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = runtime.app.server.address() as { port: number }
  return { runtime, baseUrl: `http://127.0.0.1:${port}` }
}

t.test('the hub serves each app page and its assets from itself, and nothing outside them', async (t) => {
  const { runtime } = await startHub(t)
  for (const path of ['/admin/', '/staff/', '/app/']) {
    const page = await runtime.app.inject({ method: 'GET', url: path })
    t.equal(page.statusCode, 200, `${path} is served`)
    t.match(page.headers['content-type'], /text\/html/)
    t.match(page.body, /<script type="module" src="\/assets\/hub\/web\//, `${path} loads its script from the hub`)
    t.notMatch(page.body, /https?:\/\//, `${path} fetches nothing from the internet`)
  }
  t.equal((await runtime.app.inject({ method: 'GET', url: '/' })).headers.location, '/admin/')
  const css = await runtime.app.inject({ method: 'GET', url: '/assets/hub/web/shared/gatehouse.css' })
  t.equal(css.statusCode, 200)
  t.match(css.headers['content-type'], /text\/css/)
  const again = await runtime.app.inject({ method: 'GET', url: '/assets/hub/web/shared/gatehouse.css', headers: { 'if-none-match': String(css.headers.etag) } })
  t.equal(again.statusCode, 304, 'an unchanged file is revalidated, not resent')
  const script = await runtime.app.inject({ method: 'GET', url: '/assets/hub/web/admin/admin-main.js' })
  t.equal(script.statusCode, 200, 'compiled scripts are served (dist/web)')
  t.match(script.headers['content-type'], /javascript/)
  for (const path of ['/assets/../package.json', '/assets/hub/web/../../package.json', '/assets/hub/src/main.js', '/assets/data/hub.db', '/assets/hub/web/admin/admin-main.ts']) {
    t.equal((await runtime.app.inject({ method: 'GET', url: path })).statusCode, 404, `${path} is not served`)
  }
  const manifest = await runtime.app.inject({ method: 'GET', url: '/app/manifest.webmanifest' })
  t.equal(manifest.statusCode, 200)
  t.equal((JSON.parse(manifest.body) as { scope: string }).scope, '/app/')
})

t.test('a newcomer creates the first admin in Chinese, keeps what they typed after a refusal, and switches to English', { skip: BROWSER_SKIP }, async (t) => {
  const { runtime, baseUrl } = await startHub(t)
  const issued = runtime.setup.issueTokenIfNeeded()
  if (issued === null) throw new Error('a fresh hub issues a setup token')
  const browser = await launchWebBrowser(t)
  const page = await newWebPage(browser)
  await page.goto(`${baseUrl}/admin/`)
  const setup = page.locator('[data-screen="setup"]')
  await setup.locator('h1', { hasText: '创建第一个管理员' }).waitFor()
  t.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')

  await setup.locator('button[type="submit"]').click()
  t.equal(await setup.locator('[data-field="token"] .field-message').textContent(), '请填写此项', 'an empty required field is named in Chinese before anything is sent')

  await setup.locator('input[name="token"]').fill('not-the-token')
  await setup.locator('input[name="displayName"]').fill('王主任')
  await setup.locator('input[name="username"]').fill('wang')
  await setup.locator('input[name="password"]').fill('a-long-enough-password-42')
  await setup.locator('button[type="submit"]').click()
  await setup.locator('[data-field="token"] .field-message.invalid', { hasText: '设置码不正确' }).waitFor()
  t.equal(await setup.locator('input[name="displayName"]').inputValue(), '王主任', 'what was typed is kept after the hub refused')
  t.equal(await setup.locator('input[name="token"]').getAttribute('aria-invalid'), 'true')

  await setup.locator('input[name="token"]').fill(issued.token)
  await setup.locator('button[type="submit"]').click()
  await page.locator('.app-tools .who', { hasText: '王主任' }).waitFor()
  await page.locator('.app-header button.lang').click()
  await page.locator('.app-title', { hasText: 'Community admin' }).waitFor()
  t.equal(await page.locator('html').getAttribute('lang'), 'en')

  await page.locator('.app-header button', { hasText: 'Sign out' }).click()
  await page.locator('[data-screen="sign-in"] h1', { hasText: 'Sign in' }).waitFor()
  const form = page.locator('[data-screen="sign-in"] form')
  await form.locator('input[name="username"]').fill('wang')
  await form.locator('input[name="password"]').fill('wrong-password-123')
  await form.locator('button[type="submit"]').click()
  await form.locator('[data-field="password"] .field-message.invalid', { hasText: 'Wrong username or password' }).waitFor()
  await signInThroughPage(page, 'wang', 'a-long-enough-password-42')
  t.equal(await page.locator('.app-tools .who').textContent(), '王主任', 'signed in again, in English as chosen')
})
