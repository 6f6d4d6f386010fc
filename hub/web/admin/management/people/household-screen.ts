import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { navigate, type RouteParams } from '../../../shared/router.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { observationPanel } from '../health/observation-panel.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import { hashLink } from '../shared/hash-query.js'
import { homeText, type HouseholdView, type PersonView } from './people-views.js'
import { roleText, statusBadge } from './residents-screen.js'
import { openDeleteDialog } from '../shared/delete-dialog.js'

/** One household (户): its members, "add a member", change the room number, delete it when nobody refers to it. */
export async function householdScreen(context: ScreenContext, params: RouteParams): Promise<void> {
  const { i18n, api } = context
  const householdId = params.householdId ?? ''
  const base = `/api/households/${encodeURIComponent(householdId)}`
  const rerender = () => void householdScreen(context, params)
  await loadScreen(
    context,
    'household',
    i18n.t('places.household.title'),
    () => api.get<HouseholdView & { members: PersonView[] }>(base),
    (household) => {
      const editRoom = () =>
        openFormDialog(i18n, {
          name: 'edit-household',
          title: 'places.household.edit',
          fields: [{ name: 'room', label: 'places.room', isRequired: true, maxLength: 16, pattern: '[0-9A-Za-z-]+', hint: 'places.room.hint', value: household.room }],
          submitLabel: 'action.save',
          errorFields: { DUPLICATE_HOUSEHOLD: 'room' },
          onSubmit: async (values) => {
            await api.patch(base, values)
            showToast(i18n.t('state.saved'))
            rerender()
          },
        })
      const remove = () =>
        openDeleteDialog(context, { name: 'delete-household', title: 'places.household.delete', what: homeText(household), path: base, onDeleted: () => navigate(`/places/buildings/${household.buildingId}`) })
      return [
        h('h2', { 'data-household': household.id }, homeText(household)),
        h(
          'div',
          { class: 'toolbar' },
          h('a', { class: 'button big primary', 'data-action': 'add-member', href: hashLink('/residents/new', { householdId: household.id }) }, i18n.t('places.household.addMember')),
          h('button', { type: 'button', class: 'big', onclick: editRoom }, i18n.t('places.household.edit')),
          h('a', { class: 'button big', href: `#/places/buildings/${household.buildingId}` }, household.buildingName),
          h('button', { type: 'button', class: 'big quiet', onclick: remove }, i18n.t('places.household.delete')),
        ),
        dataTable(i18n, {
          columns: [
            { label: 'people.name', cell: (person) => [person.displayName, ' ', statusBadge(i18n, person.status)] },
            { label: 'people.roleLabel', cell: (person) => roleText(i18n, person) },
            { label: 'people.phone', cell: (person) => person.phone ?? '—' },
          ],
          rows: household.members,
          rowKey: (person) => person.id,
          onRowClick: (person) => {
            location.hash = `#/residents/${person.id}`
          },
        }),
        observationPanel(context, { kind: 'household', id: household.id, label: homeText(household) }, true),
      ]
    },
  )
}
