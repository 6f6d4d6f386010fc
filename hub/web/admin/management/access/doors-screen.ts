import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { DoorView, EdgeView } from './access-views.js'
import { openDoorDialog, openEdgeDialog, type BuildingChoice } from './door-dialogs.js'
import { ACCESS_TABS } from './access-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'
import { openDeleteDialog } from '../shared/delete-dialog.js'

interface Page<T> {
  readonly items: readonly T[]
}

/** "Gate · residents lane" or "Building door · 3号楼". */
function doorPlace(i18n: I18n, door: DoorView, buildings: readonly BuildingChoice[]): string {
  const kind = i18n.t(`doors.kind.${door.kind}`)
  const where = door.kind === 'building' ? (buildings.find((building) => building.id === door.buildingId)?.name ?? door.buildingId ?? '') : door.lane === null ? '' : i18n.t(`doors.lane.${door.lane}`)
  return where === '' ? kind : `${kind} · ${where}`
}

function doorChecks(i18n: I18n, door: DoorView): string {
  const checks = [i18n.t(`doors.failMode.${door.failMode}`)]
  if (door.isTemperatureRequired) checks.push(i18n.t(`doors.temperature.${door.temperatureEnforcement}`))
  if (door.antiPassback !== 'off') checks.push(i18n.t(`doors.antiPassback.${door.antiPassback}`))
  return checks.join(' · ')
}

/**
 * Doors and lanes by checkpoint device (edge): what each door is (gate or building door, which
 * lane), how it fails without power, whether it measures temperature and stops pass-back. The
 * admin adds and changes them; staff read.
 */
export async function doorsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const isAdmin = account.role === 'admin'
  const rerender = () => void doorsScreen(context)
  await loadScreen(
    context,
    'doors',
    i18n.t('doors.title'),
    async () => {
      const [edges, buildings] = await Promise.all([api.get<Page<EdgeView>>('/api/edges', { limit: 200 }), api.get<{ items: BuildingChoice[] }>('/api/buildings')])
      return { edges: edges.items, buildings: buildings.items }
    },
    ({ edges, buildings }) => {
      const removeDoor = (door: DoorView) =>
        openDeleteDialog(context, { name: 'delete-door', title: 'doors.delete', what: door.name, path: `/api/doors/${encodeURIComponent(door.id)}`, onDeleted: rerender })
      return [
        sectionTabs(context, ACCESS_TABS),
        isAdmin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'new-edge', onclick: () => openEdgeDialog(context, null, rerender) }, i18n.t('doors.edge.new'))) : null,
        edges.length === 0 ? h('p', { class: 'muted' }, i18n.t('doors.none')) : null,
        edges.map((edge) =>
          h(
            'section',
            { class: 'card', 'data-edge': edge.id },
            h('h2', {}, edge.name, ' ', h('span', { class: 'muted window-text' }, edge.id)),
            isAdmin
              ? h(
                  'div',
                  { class: 'toolbar' },
                  h('button', { type: 'button', 'data-action': 'new-door', onclick: () => openDoorDialog(context, edge, null, buildings, rerender) }, i18n.t('doors.new')),
                  h('button', { type: 'button', onclick: () => openEdgeDialog(context, edge, rerender) }, i18n.t('doors.edge.edit')),
                )
              : null,
            dataTable(i18n, {
              columns: [
                { label: 'doors.name', cell: (door) => door.name },
                { label: 'doors.place', cell: (door) => doorPlace(i18n, door, buildings) },
                { label: 'doors.checks', cell: (door) => doorChecks(i18n, door) },
                {
                  label: 'management.actions',
                  cell: (door) =>
                    isAdmin
                      ? [
                          h('button', { type: 'button', 'data-action': 'edit-door', onclick: () => openDoorDialog(context, edge, door, buildings, rerender) }, i18n.t('action.edit')),
                          h('button', { type: 'button', class: 'quiet', onclick: () => removeDoor(door) }, i18n.t('action.delete')),
                        ]
                      : null,
                },
              ],
              rows: edge.doors,
              rowKey: (door) => door.id,
            }),
          ),
        ),
      ]
    },
  )
}
