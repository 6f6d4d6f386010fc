import type { HubRole } from '../../shared/app-session.js'
import { h, type Child } from '../../shared/dom.js'
import { errorText } from '../../shared/error-text.js'
import type { ScreenContext } from '../../shared/screen-module.js'

/** Who watches the checkpoints in the admin console (the hub allows the ledger to these roles and gate staff). */
export const MONITORING_ROLES: readonly HubRole[] = ['admin', 'grid-manager']

export function roleHasMonitoring(role: HubRole): boolean {
  return MONITORING_ROLES.includes(role)
}

/** A monitoring screen's root: `data-screen` names it for tests; the title is its heading. */
export function monitoringFrame(name: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'monitoring', 'data-screen': name }, h('h1', {}, title), ...children)
}

/**
 * Shows the screen "loading", then what `build` makes, or the hub's refusal in the reader's
 * words. A build that finishes after the person moved to another screen is dropped.
 */
export async function withLoading(context: ScreenContext, name: string, title: string, build: () => Promise<Child>): Promise<void> {
  const { shell, i18n } = context
  const address = location.hash
  shell.show(monitoringFrame(name, title, h('p', { class: 'muted' }, i18n.t('state.loading'))))
  let content: Child
  try {
    content = await build()
  } catch (error) {
    content = h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error))
  }
  if (location.hash !== address) return
  shell.show(monitoringFrame(name, title, content))
}
