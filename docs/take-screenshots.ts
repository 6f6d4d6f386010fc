/**
 * Screenshots of the web apps for the README and docs/web-apps.md, in Chinese and English:
 *
 *   npm run build && node dist/docs/take-screenshots.js
 *
 * Starts a hub in a temporary folder with a seeded community (test/fakes/hub-community-seed.ts)
 * and a morning of traffic (screenshot-morning.ts), signs in through each app's own form in
 * Debian's Chromium (CHROMIUM_PATH to use another) and writes PNGs to docs/screenshots/. To add a
 * screen, add a line to SHOTS: what to open, as whom, and what to wait for before the picture.
 *
 * Chinese pictures need a Chinese font on this machine (Debian: apt install fonts-noto-cjk);
 * without one they are skipped rather than saved as boxes.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { ScryptPasswordHasher } from '../hub/src/adapters/crypto/scrypt-password-hasher.js'
import { HubRuntime } from '../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../hub/src/config/load-hub-config.js'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import { seedCommunity } from '../test/fakes/hub-community-seed.js'
import { playMorning } from './screenshot-morning.js'

interface Shot {
  /** File name under docs/screenshots/. */
  readonly file: string
  /** Address below the hub, e.g. `/admin/#/report`. */
  readonly path: string
  readonly lang: 'zh' | 'en'
  /** A phone-sized screen (390 × 844) instead of a desktop window. */
  readonly isPhone?: boolean
  /** An account of the seeded community (password PASSWORD). */
  readonly username: string
  /** CSS selector that shows the screen is ready. */
  readonly ready: string
}

const DASHBOARD_READY = '[data-screen="dashboard"] [data-live-feed] [data-event-id]'

const SHOTS: readonly Shot[] = [
  { file: 'dashboard-zh.png', path: '/admin/#/', lang: 'zh', username: 'admin', ready: DASHBOARD_READY },
  { file: 'dashboard-en.png', path: '/admin/#/', lang: 'en', username: 'admin', ready: DASHBOARD_READY },
  { file: 'dashboard-phone-zh.png', path: '/admin/#/', lang: 'zh', isPhone: true, username: 'grid-manager-1', ready: DASHBOARD_READY },
  { file: 'dashboard-phone-en.png', path: '/admin/#/', lang: 'en', isPhone: true, username: 'grid-manager-1', ready: DASHBOARD_READY },
  { file: 'charts-zh.png', path: '/admin/#/charts', lang: 'zh', username: 'admin', ready: '[data-screen="charts"] svg' },
  { file: 'charts-en.png', path: '/admin/#/charts', lang: 'en', username: 'admin', ready: '[data-screen="charts"] svg' },
  { file: 'daily-report-zh.png', path: '/admin/#/report', lang: 'zh', username: 'admin', ready: '[data-screen="daily-report"] [data-report-date]' },
  { file: 'daily-report-en.png', path: '/admin/#/report', lang: 'en', username: 'admin', ready: '[data-screen="daily-report"] [data-report-date]' },
  { file: 'staff-queue-zh.png', path: '/staff/#/queue', lang: 'zh', isPhone: true, username: 'gate-staff', ready: '[data-screen="staff-queue"] [data-latest]' },
  { file: 'staff-queue-en.png', path: '/staff/#/queue', lang: 'en', isPhone: true, username: 'gate-staff', ready: '[data-screen="staff-queue"] [data-latest]' },
  { file: 'phone-doors-zh.png', path: '/app/', lang: 'zh', isPhone: true, username: 'resident-1', ready: '[data-screen="doors"] [data-door]' },
  { file: 'phone-doors-en.png', path: '/app/', lang: 'en', isPhone: true, username: 'resident-1', ready: '[data-screen="doors"] [data-door]' },
]

const PASSWORD = 'screenshot-password-1'
const ACCOUNTS = ['acc-admin', 'acc-grid-manager-1', 'acc-grid-manager-2', 'acc-gate-staff', 'acc-landlord-1', 'acc-resident-1']
/** Monday 2026-03-02, 10:40 in China: the morning the pictures show. */
const NOW_MS = Date.UTC(2026, 2, 2, 2, 40)

async function shoot(browser: Browser, baseUrl: string, shot: Shot, folder: string): Promise<void> {
  const context = await browser.newContext({
    ...(shot.isPhone === true ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 900 } }),
    timezoneId: 'Asia/Shanghai',
    locale: shot.lang === 'zh' ? 'zh-CN' : 'en-GB',
  })
  try {
    if (shot.lang === 'en') await context.addInitScript({ content: "localStorage.setItem('gatehouse.lang', 'en')" })
    const page = await context.newPage()
    await page.goto(`${baseUrl}${shot.path}`)
    const form = page.locator('[data-screen="sign-in"] form')
    await form.locator('input[name="username"]').fill(shot.username)
    await form.locator('input[name="password"]').fill(PASSWORD)
    await form.locator('button[type="submit"]').click()
    await page.locator(shot.ready).first().waitFor()
    await page.screenshot({ path: join(folder, shot.file), fullPage: shot.isPhone !== true })
    console.log(`docs/screenshots/${shot.file}`)
  } finally {
    await context.close()
  }
}

/** Whether fontconfig knows a font with Chinese glyphs. */
function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== ''
  } catch {
    return false
  }
}

async function main(): Promise<void> {
  const isChineseReadable = hasChineseFont()
  if (!isChineseReadable) console.warn('No Chinese font here (fc-list :lang=zh is empty): the Chinese screenshots are skipped. Debian: apt install fonts-noto-cjk')
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-screenshots-'))
  const folder = resolve(process.cwd(), 'docs/screenshots')
  mkdirSync(folder, { recursive: true })
  const loaded = loadHubConfig(JSON.stringify({ dataDir, http: { host: '127.0.0.1', port: 0 }, mqtt: { host: '127.0.0.1', port: 0 } }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  let nowMs = NOW_MS
  const clock = { ...systemClock, now: () => nowMs }
  const { default: pino } = await import('pino')
  const runtime = new HubRuntime({ config: loaded.value, clock, log: pino({ level: 'warn' }) })
  try {
    const connection = runtime.database.connection
    const community = seedCommunity(connection, { households: 40, grids: 2, nowMs: NOW_MS - 30 * 86_400_000 })
    const hash = await new ScryptPasswordHasher().hash(PASSWORD)
    const update = connection.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?')
    for (const id of ACCOUNTS) update.run(hash, id)
    playMorning(runtime, community, loaded.value.baseTopic, NOW_MS)
    nowMs = NOW_MS + 60_000
    // Started whole (broker, policy compiler), so the phone app finds the doors its resident may open.
    const { httpUrl } = await runtime.start()
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
    try {
      for (const shot of SHOTS) {
        if (shot.lang === 'zh' && !isChineseReadable) continue
        await shoot(browser, httpUrl, shot, folder)
      }
    } finally {
      await browser.close()
    }
  } finally {
    await runtime.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
