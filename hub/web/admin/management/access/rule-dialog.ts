import { h } from '../../../shared/dom.js'
import type { FieldSpec, FormValues } from '../../../shared/form-view.js'
import { fromLocalInputValue, toLocalInputValue } from '../../../shared/format.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { followSelect } from '../shared/follow-select.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { DAY_MS, type AccessRuleView } from './access-views.js'

type Choice = { readonly id: string; readonly name: string }

export interface RuleChoices {
  readonly doors: readonly Choice[]
  readonly groups: readonly Choice[]
  readonly buildings: readonly Choice[]
  readonly grids: readonly Choice[]
  readonly schedules: readonly Choice[]
}

/** A rule's subject fixed by the screen it is made from (a person's own page). */
export interface FixedSubject {
  readonly kind: 'person' | 'household'
  readonly id: string
  readonly label: string
}

const SUBJECT_FIELDS = { role: 'subjectRole', grid: 'subjectGridId', building: 'subjectBuildingId' } as const
const TARGET_FIELDS = { door: 'targetDoorId', 'door-group': 'targetGroupId', building: 'targetBuildingId' } as const

const optionsOf = (choices: readonly Choice[]) => choices.map((choice) => ({ value: choice.id, label: choice.name }))
const dateValue = (epochMs: number | null) => (epochMs === null ? null : toLocalInputValue(epochMs).slice(0, 10))

function changeableFields(choices: RuleChoices, rule: AccessRuleView | null): FieldSpec[] {
  return [
    { name: 'scheduleId', label: 'rules.schedule', kind: 'select', value: rule?.scheduleId ?? null, options: optionsOf(choices.schedules), hint: 'rules.schedule.hint' },
    { name: 'validFrom', label: 'rules.validFrom', kind: 'date', value: dateValue(rule?.validFromMs ?? null) },
    { name: 'validThrough', label: 'rules.validThrough', kind: 'date', value: dateValue(rule?.validUntilMs == null ? null : rule.validUntilMs - DAY_MS), hint: 'rules.validThrough.hint' },
    { name: 'isLockdownExempt', label: 'rules.lockdownExempt', kind: 'checkbox', value: rule?.isLockdownExempt ?? false, hint: 'rules.lockdownExempt.hint' },
  ]
}

function subjectAndTargetFields(i18n: I18n, choices: RuleChoices, fixed: FixedSubject | null): FieldSpec[] {
  const kinds = (prefix: string, values: readonly string[]) => values.map((value) => ({ value, label: i18n.t(`${prefix}${value}`) }))
  const subject: FieldSpec[] =
    fixed !== null
      ? []
      : [
          { name: 'subjectKind', label: 'rules.who', kind: 'select', isRequired: true, value: 'role', options: kinds('rules.subject.', ['role', 'grid', 'building']) },
          { name: 'subjectRole', label: 'rules.subject.role', kind: 'select', value: 'resident', options: kinds('people.role.', ['resident', 'tenant', 'staff']) },
          { name: 'subjectGridId', label: 'rules.subject.grid', kind: 'select', options: optionsOf(choices.grids) },
          { name: 'subjectBuildingId', label: 'rules.subject.building', kind: 'select', options: optionsOf(choices.buildings) },
        ]
  return [
    ...subject,
    { name: 'targetKind', label: 'rules.where', kind: 'select', isRequired: true, value: 'gates', options: kinds('rules.target.', ['gates', 'own-building', 'door', 'door-group', 'building']) },
    { name: 'targetDoorId', label: 'rules.target.door', kind: 'select', options: optionsOf(choices.doors) },
    { name: 'targetGroupId', label: 'rules.target.door-group', kind: 'select', options: optionsOf(choices.groups) },
    { name: 'targetBuildingId', label: 'rules.target.building', kind: 'select', options: optionsOf(choices.buildings) },
  ]
}

function pickedId(values: FormValues, fields: Readonly<Record<string, string>>, kind: string): { field: string | null; id: string | null } {
  const field = fields[kind] ?? null
  if (field === null) return { field: null, id: null }
  const id = values[field]
  return { field, id: typeof id === 'string' ? id : null }
}

function validity(values: FormValues): Record<string, number | null> {
  const from = typeof values.validFrom === 'string' ? fromLocalInputValue(values.validFrom) : null
  const through = typeof values.validThrough === 'string' ? fromLocalInputValue(values.validThrough) : null
  return { validFromMs: from, validUntilMs: through === null ? null : through + DAY_MS }
}

/**
 * Who may pass where and when. A new rule picks who (a role, a grid's or a building's people —
 * or the person whose page it is made from) and where (every gate, their own building, a door, a
 * door group, a building's doors); an existing one changes only its schedule, validity and
 * lockdown exemption, as the hub allows.
 */
export function openRuleDialog(context: ScreenContext, choices: RuleChoices, rule: AccessRuleView | null, fixed: FixedSubject | null, onSaved: () => void): void {
  const { i18n, api } = context
  const dialog = openFormDialog(i18n, {
    name: rule === null ? 'new-rule' : 'edit-rule',
    title: rule === null ? 'rules.new' : 'rules.edit',
    intro: fixed === null ? null : h('p', {}, i18n.t('rules.for', { name: fixed.label })),
    fields: [...(rule === null ? subjectAndTargetFields(i18n, choices, fixed) : []), ...changeableFields(choices, rule)],
    submitLabel: 'action.save',
    errorFields: { BAD_RULE: 'targetKind', UNKNOWN_REFERENCE: 'targetKind', BAD_INTERVAL: 'validThrough' },
    check: (values) => {
      if (rule !== null) return null
      const subject = fixed === null ? pickedId(values, SUBJECT_FIELDS, String(values.subjectKind)) : { field: null, id: fixed.id }
      const target = pickedId(values, TARGET_FIELDS, String(values.targetKind))
      const problems: Record<string, string> = {}
      if (subject.field !== null && subject.id === null) problems[subject.field] = 'rules.choose'
      if (target.field !== null && target.id === null) problems[target.field] = 'rules.choose'
      return Object.keys(problems).length === 0 ? null : problems
    },
    onSubmit: async (values) => {
      const common = { scheduleId: values.scheduleId ?? null, isLockdownExempt: values.isLockdownExempt === true, ...validity(values) }
      if (rule !== null) {
        await api.patch(`/api/access-rules/${encodeURIComponent(rule.id)}`, common)
      } else {
        const subjectKind = fixed?.kind ?? String(values.subjectKind)
        const subjectId = fixed?.id ?? pickedId(values, SUBJECT_FIELDS, subjectKind).id
        const targetKind = String(values.targetKind)
        await api.post('/api/access-rules', { subjectKind, subjectId, targetKind, targetId: pickedId(values, TARGET_FIELDS, targetKind).id, ...common })
      }
      showToast(i18n.t('rules.saved'))
      onSaved()
    },
  })
  const form = dialog.querySelector('form')
  if (form !== null) {
    followSelect(form, 'subjectKind', SUBJECT_FIELDS)
    followSelect(form, 'targetKind', TARGET_FIELDS)
  }
}

