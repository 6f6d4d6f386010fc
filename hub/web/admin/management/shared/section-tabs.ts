import type { HubRole } from '../../../shared/app-session.js'
import { h } from '../../../shared/dom.js'
import type { ScreenContext } from '../../../shared/screen-module.js'

export interface SectionTab {
  /** Hash path of the screen. */
  readonly path: string
  /** Text key. */
  readonly label: string
  readonly roles?: readonly HubRole[]
}

/**
 * Tabs between the screens of one area (doors, door groups, schedules, rules), so the header's
 * navigation stays short on a phone: one entry per area, the area's screens one tap apart.
 */
export function sectionTabs(context: ScreenContext, tabs: readonly SectionTab[]): HTMLElement | null {
  const { i18n, account } = context
  const visible = tabs.filter((tab) => tab.roles === undefined || tab.roles.includes(account.role))
  if (visible.length < 2) return null
  const current = location.hash.replace(/^#/, '').split('?')[0]
  return h(
    'nav',
    { class: 'section-tabs' },
    visible.map((tab) => h('a', { href: `#${tab.path}`, class: 'button', 'aria-current': current === tab.path ? 'page' : null }, i18n.t(tab.label))),
  )
}
