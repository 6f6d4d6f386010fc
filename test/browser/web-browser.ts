/**
 * Debian's Chromium driven by playwright-core (no browser download), for the hub's web apps:
 * `launchWebBrowser(t)` or a skip reason when no browser is installed. A page can be opened
 * in Chinese (the default) or with English chosen, and as a phone (small touch viewport).
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Test } from 'tap'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** `{ skip }` option for t.test: the reason when no Chromium is installed here. */
export const BROWSER_SKIP = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}`

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export async function launchWebBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  t.teardown(() => browser.close())
  return browser
}

export interface PageOptions {
  readonly lang?: 'zh' | 'en'
  /** A phone-sized touch screen (390 × 844) instead of a desktop window. */
  readonly isPhone?: boolean
}

/** A fresh browser profile (its own cookies and storage) with the language already chosen. */
export async function newWebContext(browser: Browser, options: PageOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options.isPhone === true ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 900 } })
  if (options.lang === 'en') await context.addInitScript({ content: "localStorage.setItem('gatehouse.lang', 'en')" })
  return context
}

export async function newWebPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  return (await newWebContext(browser, options)).newPage()
}

/** Signs in through the page's own form (the way a person does). */
export async function signInThroughPage(page: Page, username: string, password: string): Promise<void> {
  const form = page.locator('[data-screen="sign-in"] form')
  await form.locator('input[name="username"]').fill(username)
  await form.locator('input[name="password"]').fill(password)
  await form.locator('button[type="submit"]').click()
  await page.locator('[data-screen="sign-in"]').waitFor({ state: 'detached' })
}
