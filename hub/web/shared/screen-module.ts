import type { ApiClient } from './api-client.js'
import type { NavItem, AppShell } from './app-shell.js'
import type { SignedInAccount } from './app-session.js'
import type { I18n, TextSet } from './i18n.js'
import type { LiveFeed } from './live-feed.js'
import type { RouteParams } from './router.js'

/** What a screen gets to work with: the frame, texts, the API, the live feed, who is signed in. */
export interface ScreenContext {
  readonly shell: AppShell
  readonly i18n: I18n
  readonly api: ApiClient
  readonly live: LiveFeed
  readonly account: SignedInAccount
}

export interface Screen {
  /** Hash route, e.g. `/residents/:personId`. */
  readonly route: string
  /** Renders into `context.shell.main` (via `shell.show`). */
  readonly render: (context: ScreenContext, params: RouteParams) => void | Promise<void>
}

/**
 * One area of an app (monitoring, people, access, ...): its texts (zh and en), its navigation
 * entries and its screens. The app's main file only lists modules, so areas never edit the
 * same file.
 */
export interface ScreenModule {
  readonly texts: TextSet
  readonly nav: readonly NavItem[]
  readonly screens: readonly Screen[]
}
