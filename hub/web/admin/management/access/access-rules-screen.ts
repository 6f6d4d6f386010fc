import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import type { ApiClient } from '../../../shared/api-client.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { AccessRuleView, DoorGroupView, DoorView, ScheduleView } from './access-views.js'
import { openRuleDialog, type RuleChoices } from './rule-dialog.js'
import { namesById, ruleWhen, ruleWhere, ruleWho, type RuleNames } from './rule-words.js'
import { ACCESS_TABS } from './access-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'

interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

/** Everything a rule can name, for the rule forms and for saying rules in words. */
export async function loadRuleChoices(api: ApiClient): Promise<RuleChoices> {
  const [doors, groups, buildings, grids, schedules] = await Promise.all([
    api.get<Page<DoorView>>('/api/doors', { limit: 200 }),
    api.get<Page<DoorGroupView>>('/api/door-groups', { limit: 200 }),
    api.get<{ items: { id: string; name: string }[] }>('/api/buildings'),
    api.get<{ items: { id: string; name: string }[] }>('/api/grids'),
    api.get<Page<ScheduleView>>('/api/schedules', { limit: 200 }),
  ])
  return { doors: doors.items, groups: groups.items, buildings: buildings.items, grids: grids.items, schedules: schedules.items }
}

export function ruleNamesOf(choices: RuleChoices, subjects: ReadonlyMap<string, string> = new Map()): RuleNames {
  const byName = (items: readonly { id: string; name: string }[]) => namesById(items, (item) => item.name)
  return { doors: byName(choices.doors), groups: byName(choices.groups), buildings: byName(choices.buildings), grids: byName(choices.grids), schedules: byName(choices.schedules), subjects }
}

/** Names of the people a page of rules names (person rules are few; each is looked up once). */
async function personNames(api: ApiClient, rules: readonly AccessRuleView[]): Promise<Map<string, string>> {
  const ids = [...new Set(rules.filter((rule) => rule.subjectKind === 'person').map((rule) => rule.subjectId))]
  const found = await Promise.all(ids.map((id) => api.get<{ displayName: string }>(`/api/persons/${encodeURIComponent(id)}`).then((person) => [id, person.displayName] as const, () => [id, id] as const)))
  return new Map(found)
}

/** A rules table in words (who, where, when) with change and remove for the admin. */
export function rulesTable(context: ScreenContext, rules: readonly AccessRuleView[], choices: RuleChoices, names: RuleNames, onChanged: () => void): HTMLElement {
  const { i18n, api, account } = context
  const isAdmin = account.role === 'admin'
  const remove = (rule: AccessRuleView) =>
    openFormDialog(i18n, {
      name: 'delete-rule',
      title: 'rules.delete',
      intro: h('p', {}, i18n.t('rules.confirmDelete', { who: ruleWho(i18n, rule, names), where: ruleWhere(i18n, rule, names) })),
      fields: [],
      submitLabel: 'action.delete',
      onSubmit: async () => {
        await api.delete(`/api/access-rules/${encodeURIComponent(rule.id)}`)
        onChanged()
      },
    })
  return dataTable(i18n, {
    columns: [
      { label: 'rules.who', cell: (rule) => ruleWho(i18n, rule, names) },
      { label: 'rules.where', cell: (rule) => ruleWhere(i18n, rule, names) },
      { label: 'rules.when', cell: (rule) => [ruleWhen(i18n, rule, names), rule.isLockdownExempt ? h('span', { class: 'badge warn' }, i18n.t('rules.exempt')) : null] },
      {
        label: 'management.actions',
        cell: (rule) =>
          isAdmin
            ? [
                h('button', { type: 'button', 'data-action': 'edit-rule', onclick: () => openRuleDialog(context, choices, rule, null, onChanged) }, i18n.t('action.edit')),
                h('button', { type: 'button', class: 'quiet', onclick: () => remove(rule) }, i18n.t('action.delete')),
              ]
            : null,
      },
    ],
    rows: rules,
    rowKey: (rule) => rule.id,
  })
}

/** Access rules: who may pass where and when, said in words. The admin adds and changes them; grid managers read. */
export async function accessRulesScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const rerender = () => void accessRulesScreen(context)
  await loadScreen(
    context,
    'rules',
    i18n.t('rules.title'),
    async () => {
      const [rules, choices] = await Promise.all([api.get<Page<AccessRuleView>>('/api/access-rules', { limit: 200 }), loadRuleChoices(api)])
      return { rules: rules.items, choices, names: ruleNamesOf(choices, await personNames(api, rules.items)) }
    },
    ({ rules, choices, names }) => [
      sectionTabs(context, ACCESS_TABS),
      h('p', { class: 'muted' }, i18n.t('rules.intro')),
      account.role === 'admin' ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'new-rule', onclick: () => openRuleDialog(context, choices, null, null, rerender) }, i18n.t('rules.new'))) : null,
      rulesTable(context, rules, choices, names, rerender),
    ],
  )
}
