import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import type { FieldSpec, FormValues } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { DoorGroupView, DoorView } from './access-views.js'
import { ACCESS_TABS } from './access-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'
import { openDeleteDialog } from '../shared/delete-dialog.js'

interface Page<T> {
  readonly items: readonly T[]
}

const DOOR_FIELD_PREFIX = 'door:'

function checkedDoorIds(values: FormValues): string[] {
  return Object.entries(values)
    .filter(([name, value]) => name.startsWith(DOOR_FIELD_PREFIX) && value === true)
    .map(([name]) => name.slice(DOOR_FIELD_PREFIX.length))
}

function openGroupDialog(context: ScreenContext, group: DoorGroupView | null, doors: readonly DoorView[], onSaved: () => void): void {
  const { i18n, api } = context
  const doorFields: FieldSpec[] = doors.map((door) => ({ name: `${DOOR_FIELD_PREFIX}${door.id}`, label: door.name, kind: 'checkbox', value: group?.doorIds.includes(door.id) ?? false }))
  openFormDialog(i18n, {
    name: group === null ? 'new-door-group' : 'edit-door-group',
    title: group === null ? 'doorGroups.new' : 'doorGroups.edit',
    fields: [{ name: 'name', label: 'doorGroups.name', isRequired: true, maxLength: 64, value: group?.name ?? null, placeholder: i18n.t('doorGroups.name.example') }, ...doorFields],
    submitLabel: 'action.save',
    errorFields: { NAME_TAKEN: 'name' },
    onSubmit: async (values) => {
      const chosen = checkedDoorIds(values)
      if (group === null) {
        await api.post('/api/door-groups', { name: values.name, doorIds: chosen })
      } else {
        if (values.name !== group.name) await api.patch(`/api/door-groups/${encodeURIComponent(group.id)}`, { name: values.name })
        const add = chosen.filter((id) => !group.doorIds.includes(id))
        const remove = group.doorIds.filter((id) => !chosen.includes(id))
        if (add.length > 0 || remove.length > 0) await api.post(`/api/door-groups/${encodeURIComponent(group.id)}/members`, { add, remove })
      }
      showToast(i18n.t('state.saved'))
      onSaved()
    },
  })
}

/** Door groups: named sets of doors an access rule can name at once ("Building 3 doors", "Cleaners"). */
export async function doorGroupsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const isAdmin = account.role === 'admin'
  const rerender = () => void doorGroupsScreen(context)
  await loadScreen(
    context,
    'door-groups',
    i18n.t('doorGroups.title'),
    async () => {
      const [groups, doors] = await Promise.all([api.get<Page<DoorGroupView>>('/api/door-groups', { limit: 200 }), api.get<Page<DoorView>>('/api/doors', { limit: 200 })])
      return { groups: groups.items, doors: doors.items }
    },
    ({ groups, doors }) => {
      const doorName = (doorId: string) => doors.find((door) => door.id === doorId)?.name ?? doorId
      const remove = (group: DoorGroupView) =>
        openDeleteDialog(context, { name: 'delete-door-group', title: 'doorGroups.delete', what: group.name, path: `/api/door-groups/${encodeURIComponent(group.id)}`, onDeleted: rerender })
      return [
        sectionTabs(context, ACCESS_TABS),
        h('p', { class: 'muted' }, i18n.t('doorGroups.intro')),
        isAdmin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'new-door-group', onclick: () => openGroupDialog(context, null, doors, rerender) }, i18n.t('doorGroups.new'))) : null,
        dataTable(i18n, {
          columns: [
            { label: 'doorGroups.name', cell: (group) => group.name },
            { label: 'doorGroups.doors', cell: (group) => (group.doorIds.length === 0 ? i18n.t('doorGroups.empty') : group.doorIds.map(doorName).join('、')) },
            {
              label: 'management.actions',
              cell: (group) =>
                isAdmin
                  ? [
                      h('button', { type: 'button', 'data-action': 'edit-door-group', onclick: () => openGroupDialog(context, group, doors, rerender) }, i18n.t('action.edit')),
                      h('button', { type: 'button', class: 'quiet', onclick: () => remove(group) }, i18n.t('action.delete')),
                    ]
                  : null,
            },
          ],
          rows: groups,
          rowKey: (group) => group.id,
        }),
      ]
    },
  )
}
