import { h } from '../../../shared/dom.js'
import type { FormValues } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openAccountDialog } from '../accounts/account-dialogs.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { PERSONAL_DATA_ERROR_FIELDS, personalDataProblems } from '../shared/personal-data-check.js'
import { personFields, type LandlordChoice } from './person-fields.js'
import type { PersonView } from './people-views.js'

/** A resident's account needs only its person (fixed from this page). */
const NO_SCOPES = { grids: [], checkpoints: [], landlords: [] }

const path = (person: PersonView, suffix = '') => `/api/persons/${encodeURIComponent(person.id)}${suffix}`

/** Only what changed: an empty phone or ID number keeps the stored one (they are shown masked). */
function editOf(person: PersonView, values: FormValues): Record<string, unknown> {
  const edit: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values)) {
    const current = (person as unknown as Record<string, unknown>)[name]
    if (value !== current) edit[name] = value
  }
  return edit
}

/**
 * What the office does to a person, each behind a dialog: edit, show the full phone and ID
 * number (with a reason that goes into the audit log — the button says so), move out (cards
 * and phones revoked), and delete a record made by mistake (someone with history is moved out
 * instead; the hub says so).
 */
export function personActions(context: ScreenContext, person: PersonView, landlords: readonly LandlordChoice[], onChanged: (revealed?: PersonView) => void): HTMLElement {
  const { i18n, api, account } = context
  const isStaffPerson = person.role === 'staff'
  const edit = () =>
    openFormDialog(i18n, {
      name: 'edit-person',
      title: 'people.edit',
      fields: personFields(i18n, { person, isStaff: isStaffPerson, landlords }),
      submitLabel: 'action.save',
      errorFields: { ...PERSONAL_DATA_ERROR_FIELDS, HOUSEHOLD_REQUIRED: 'role' },
      check: (values) => personalDataProblems(values),
      onSubmit: async (values) => {
        const change = editOf(person, values)
        if (Object.keys(change).length > 0) await api.patch(path(person), change)
        showToast(i18n.t('state.saved'))
        onChanged()
      },
    })
  const reveal = () =>
    openFormDialog(i18n, {
      name: 'reveal-person',
      title: 'people.reveal',
      intro: h('p', { class: 'notice' }, i18n.t('people.reveal.intro')),
      fields: [{ name: 'reason', label: 'people.reveal.reason', isRequired: true, minLength: 2, maxLength: 200 }],
      submitLabel: 'people.reveal.submit',
      onSubmit: async (values) => onChanged(await api.post<PersonView>(path(person, '/reveal'), values)),
    })
  const moveOut = () =>
    openFormDialog(i18n, {
      name: 'move-out',
      title: 'people.moveOut',
      intro: h('p', {}, i18n.t('people.moveOut.intro', { name: person.displayName })),
      fields: [{ name: 'note', label: 'people.note', maxLength: 200 }],
      submitLabel: 'people.moveOut',
      onSubmit: async (values) => {
        await api.post(path(person, '/move-out'), values)
        showToast(i18n.t('people.movedOut', { name: person.displayName }))
        onChanged()
      },
    })
  const remove = () =>
    openFormDialog(i18n, {
      name: 'delete-person',
      title: 'people.delete',
      intro: h('p', {}, i18n.t('people.delete.intro', { name: person.displayName })),
      fields: [],
      submitLabel: 'action.delete',
      onSubmit: async () => {
        await api.delete(path(person))
        showToast(i18n.t('people.deleted', { name: person.displayName }))
        location.hash = '#/residents'
      },
    })
  const mayReveal = account.role === 'admin' || account.role === 'grid-manager'
  return h(
    'div',
    { class: 'toolbar person-actions' },
    h('button', { type: 'button', class: 'big', 'data-action': 'edit', onclick: edit }, i18n.t('people.edit')),
    isStaffPerson ? null : h('a', { class: 'button big', 'data-action': 'move', href: `#/residents/${person.id}/move` }, i18n.t(person.status === 'moved-out' ? 'people.moveBackIn' : 'people.move')),
    person.status === 'moved-out' ? null : h('button', { type: 'button', class: 'big', 'data-action': 'move-out', onclick: moveOut }, i18n.t('people.moveOut')),
    mayReveal && person.visibility !== 'full' ? h('button', { type: 'button', class: 'big', 'data-action': 'reveal', onclick: reveal }, i18n.t('people.reveal.button')) : null,
    account.role === 'admin' && !isStaffPerson && person.status === 'active'
      ? h('button', { type: 'button', class: 'big', 'data-action': 'app-account', onclick: () => openAccountDialog(context, NO_SCOPES, null, { id: person.id, name: person.displayName }, () => undefined) }, i18n.t('accounts.appAccount'))
      : null,
    h('button', { type: 'button', class: 'big quiet', 'data-action': 'delete', onclick: remove }, i18n.t('people.delete')),
  )
}
