import { ApiError } from '../../../shared/api-client.js'
import { h, type Child } from '../../../shared/dom.js'
import { errorText } from '../../../shared/error-text.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'

/** A screen's root: `data-screen` names it for tests and deep links; the title is its heading. */
export function screenFrame(name: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'management', 'data-screen': name }, h('h1', {}, title), ...children)
}

/** A refusal or failure in the reader's words (never the hub's English message), with its code for tests. */
export function refusalView(i18n: I18n, error: unknown): HTMLElement {
  const code = error instanceof ApiError ? error.code : 'INTERNAL'
  return h('p', { class: 'form-error', role: 'alert', 'data-refusal': code }, errorText(i18n, error))
}

/**
 * Shows the screen "loading", then what `render` makes of the loaded data, or the hub's refusal
 * in words (a grid manager opening another grid's resident reads "outside what you look after").
 * A load that finishes after the person moved on to another screen is dropped.
 */
export async function loadScreen<T>(context: ScreenContext, name: string, title: string, load: () => Promise<T>, render: (data: T) => Child): Promise<void> {
  const { shell, i18n } = context
  const address = location.hash
  shell.show(screenFrame(name, title, h('p', { class: 'muted' }, i18n.t('state.loading'))))
  let content: Child
  try {
    content = render(await load())
  } catch (error) {
    content = [refusalView(i18n, error), h('p', {}, h('a', { class: 'button', href: '#/' }, i18n.t('action.back')))]
  }
  if (location.hash !== address) return
  shell.show(screenFrame(name, title, content))
}
