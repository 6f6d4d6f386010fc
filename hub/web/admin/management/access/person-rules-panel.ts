import { h } from '../../../shared/dom.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { asyncPanel } from '../shared/async-panel.js'
import { loadRuleChoices, ruleNamesOf, rulesTable } from './access-rules-screen.js'
import type { AccessRuleView } from './access-views.js'
import { openRuleDialog } from './rule-dialog.js'

interface Page<T> {
  readonly items: readonly T[]
}

/**
 * On a person's page: the rules made for them alone (a cleaner's door group, a carer's building),
 * besides what their role and home give them, and "add a rule for this person" (admin).
 */
export function personRulesPanel(context: ScreenContext, person: { readonly id: string; readonly displayName: string }): HTMLElement {
  const { i18n, api, account } = context
  return asyncPanel(i18n, { name: 'person-rules', title: 'rules.personal', intro: 'rules.personal.intro' }, async (reload) => {
    const [rules, choices] = await Promise.all([api.get<Page<AccessRuleView>>('/api/access-rules', { subjectKind: 'person', subjectId: person.id, limit: 200 }), loadRuleChoices(api)])
    const names = ruleNamesOf(choices, new Map([[person.id, person.displayName]]))
    return [
      account.role === 'admin'
        ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big', 'data-action': 'new-person-rule', onclick: () => openRuleDialog(context, choices, null, { kind: 'person', id: person.id, label: person.displayName }, reload) }, i18n.t('rules.new')))
        : null,
      rulesTable(context, rules.items, choices, names, reload),
    ]
  })
}
