import { ApiClient } from './api-client.js'
import { AppShell } from './app-shell.js'
import type { HubRole } from './app-session.js'
import { COMMON_TEXTS } from './common-texts.js'
import { h } from './dom.js'
import { I18n, type TextSet } from './i18n.js'
import { LiveFeed } from './live-feed.js'
import { REASON_TEXT_SET } from './reason-text-set.js'
import { HashRouter, navigate } from './router.js'
import type { ScreenContext, ScreenModule } from './screen-module.js'

export interface AppSpec {
  /** Text key of the app's title. */
  readonly title: string
  readonly texts: TextSet
  readonly roles: readonly HubRole[]
  readonly modules: readonly ScreenModule[]
  readonly offersSetup?: boolean
  /** Whether the app follows the hub's live feed once signed in. */
  readonly isLive?: boolean
}

/**
 * Boots one of the web apps into `#app`: texts of every module, their navigation and screens
 * behind the shared sign-in. An unknown address shows the first screen.
 */
export function startApp(spec: AppSpec): void {
  const i18n = new I18n(COMMON_TEXTS, REASON_TEXT_SET, spec.texts, ...spec.modules.map((module) => module.texts))
  const api = new ApiClient()
  const live = new LiveFeed()
  const router = new HashRouter()
  const shell: AppShell = new AppShell({
    title: spec.title,
    i18n,
    api,
    roles: spec.roles,
    offersSetup: spec.offersSetup ?? false,
    nav: () => spec.modules.flatMap((module) => module.nav),
    start: () => {
      if (spec.isLive === true) live.start()
      router.start()
    },
  })
  const contextNow = (): ScreenContext | null => (shell.account === null ? null : { shell, i18n, api, live, account: shell.account })
  for (const module of spec.modules) {
    for (const screen of module.screens) {
      router.on(screen.route, (params) => {
        const context = contextNow()
        if (context === null) return
        const done = screen.render(context, params)
        if (done instanceof Promise) done.catch((error: unknown) => shell.show(h('p', { class: 'form-error', role: 'alert' }, String(error))))
      })
    }
  }
  const first = spec.modules[0]?.screens[0]
  router.otherwise(() => {
    const context = contextNow()
    if (context === null) return
    // A role that may not read the first screen (a landlord and the dashboard) starts at its own first entry.
    const role = context.account.role
    const home = spec.modules.flatMap((module) => module.nav).find((item) => item.roles === undefined || item.roles.includes(role))
    const current = location.hash.replace(/^#/, '') || '/'
    if (home !== undefined && home.path !== '/' && home.path !== first?.route && home.path !== current) navigate(home.path)
    else if (first === undefined) shell.show(h('h1', {}, i18n.t(spec.title)))
    else void first.render(context, {})
  })
  const root = document.getElementById('app')
  if (root !== null) void shell.boot(root)
}
