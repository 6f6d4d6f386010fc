import { h, replaceChildren, type Child } from '../../../shared/dom.js'
import type { I18n } from '../../../shared/i18n.js'
import { refusalView } from './screen-frame.js'

/**
 * A section of a page that loads on its own (a person's credentials, their observation orders):
 * "loading" first, then what `render` makes, or the hub's refusal in words. `render` gets a
 * `reload` for its actions to call after a change.
 */
export function asyncPanel(i18n: I18n, spec: { readonly name: string; readonly title: string; readonly intro?: string }, render: (reload: () => void) => Promise<Child>): HTMLElement {
  const body = h('div', {}, h('p', { class: 'muted' }, i18n.t('state.loading')))
  const panel = h('section', { class: 'card', 'data-panel': spec.name }, h('h2', {}, i18n.t(spec.title)), spec.intro === undefined ? null : h('p', { class: 'muted' }, i18n.t(spec.intro)), body)
  const reload = (): void => {
    render(reload).then(
      (content) => replaceChildren(body, content),
      (error: unknown) => replaceChildren(body, refusalView(i18n, error)),
    )
  }
  reload()
  return panel
}
