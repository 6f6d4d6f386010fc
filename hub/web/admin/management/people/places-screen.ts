import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import { openDeleteGridDialog, openGridDialog } from './grid-dialogs.js'
import type { BuildingView, GridView } from './people-views.js'

/**
 * The community's places: grids (网格) with their managers, and the buildings (楼栋) with their
 * counts. The admin creates and changes them; a grid manager sees their own grid.
 */
export async function placesScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const isAdmin = account.role === 'admin'
  const rerender = () => void placesScreen(context)
  await loadScreen(
    context,
    'places',
    i18n.t('places.title'),
    async () => {
      const [grids, buildings] = await Promise.all([api.get<{ items: GridView[] }>('/api/grids'), api.get<{ items: BuildingView[] }>('/api/buildings')])
      return { grids: grids.items, buildings: buildings.items }
    },
    ({ grids, buildings }) => {
      const gridName = (gridId: string | null) => grids.find((grid) => grid.id === gridId)?.name ?? '—'
      const newBuilding = () =>
        openFormDialog(i18n, {
          name: 'new-building',
          title: 'places.building.new',
          fields: [
            { name: 'name', label: 'places.building.name', isRequired: true, maxLength: 64, placeholder: i18n.t('places.building.example') },
            { name: 'gridId', label: 'places.grid', kind: 'select', options: grids.map((grid) => ({ value: grid.id, label: grid.name })) },
          ],
          submitLabel: 'action.create',
          errorFields: { DUPLICATE_BUILDING: 'name', GRID_NOT_FOUND: 'gridId' },
          onSubmit: async (values) => {
            const building = await api.post<BuildingView>('/api/buildings', values)
            showToast(i18n.t('state.saved'))
            location.hash = `#/places/buildings/${building.id}`
          },
        })
      return [
        h('h2', {}, i18n.t('places.grids')),
        isAdmin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big', 'data-action': 'new-grid', onclick: () => void openGridDialog(context, null, rerender) }, i18n.t('places.grid.new'))) : null,
        dataTable(i18n, {
          columns: [
            { label: 'places.grid.name', cell: (grid) => grid.name },
            { label: 'places.grid.manager', cell: (grid) => grid.managerName ?? '—' },
            { label: 'places.buildings', cell: (grid) => String(grid.buildingCount), className: 'num' },
            { label: 'places.households', cell: (grid) => String(grid.householdCount), className: 'num' },
            {
              label: 'places.actions',
              cell: (grid) =>
                isAdmin
                  ? [
                      h('button', { type: 'button', 'data-action': 'edit-grid', onclick: () => void openGridDialog(context, grid, rerender) }, i18n.t('action.edit')),
                      h('button', { type: 'button', class: 'quiet', 'data-action': 'delete-grid', onclick: () => openDeleteGridDialog(context, grid, rerender) }, i18n.t('action.delete')),
                    ]
                  : null,
            },
          ],
          rows: grids,
          rowKey: (grid) => grid.id,
        }),
        h('h2', {}, i18n.t('places.buildings')),
        isAdmin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'new-building', onclick: newBuilding }, i18n.t('places.building.new'))) : null,
        dataTable(i18n, {
          columns: [
            { label: 'places.building.name', cell: (building) => building.name },
            { label: 'places.grid', cell: (building) => gridName(building.gridId) },
            { label: 'places.units', cell: (building) => String(building.unitCount), className: 'num' },
            { label: 'places.households', cell: (building) => String(building.householdCount), className: 'num' },
            { label: 'places.residents', cell: (building) => String(building.residentCount), className: 'num' },
          ],
          rows: buildings,
          rowKey: (building) => building.id,
          onRowClick: (building) => {
            location.hash = `#/places/buildings/${building.id}`
          },
        }),
      ]
    },
  )
}
