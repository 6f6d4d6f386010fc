import { h } from '../../../shared/dom.js'
import type { I18n } from '../../../shared/i18n.js'

/** Term and value pairs (text key of the term, the value), each value tagged for tests (`data-fact="phone"`). */
export function factList(i18n: I18n, facts: readonly (readonly [string, string, Node | string])[]): HTMLElement {
  return h('dl', { class: 'facts' }, facts.map(([name, label, value]) => [h('dt', {}, i18n.t(label)), h('dd', { 'data-fact': name }, value)]))
}
