import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { navigate, type RouteParams } from '../../../shared/router.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { openDeleteDialog } from '../shared/delete-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import { openEditBuildingDialog, openNewHouseholdDialog, openUnitDialog } from './building-dialogs.js'
import type { BuildingView, GridView, HouseholdView, Page, UnitView } from './people-views.js'

/** One unit of the building: its rooms (households), "add a room", and for the admin rename and delete. */
function unitSection(context: ScreenContext, building: BuildingView, unit: UnitView, households: readonly HouseholdView[], onChanged: () => void): HTMLElement {
  const { i18n, account } = context
  const isAdmin = account.role === 'admin'
  const deleteUnit = () => openDeleteDialog(context, { name: 'delete-unit', title: 'places.unit.delete', what: unit.name, path: `/api/units/${encodeURIComponent(unit.id)}`, onDeleted: onChanged })
  return h(
    'section',
    { class: 'card', 'data-unit': unit.id },
    h('h3', {}, unit.name),
    h(
      'div',
      { class: 'toolbar' },
      h('button', { type: 'button', 'data-action': 'new-household', onclick: () => openNewHouseholdDialog(context, building, unit, onChanged) }, i18n.t('places.household.new')),
      isAdmin ? h('button', { type: 'button', onclick: () => openUnitDialog(context, building, unit, onChanged) }, i18n.t('places.unit.edit')) : null,
      isAdmin ? h('button', { type: 'button', class: 'quiet', onclick: deleteUnit }, i18n.t('places.unit.delete')) : null,
    ),
    dataTable(i18n, {
      columns: [
        { label: 'places.room', cell: (household) => household.room },
        { label: 'places.members', cell: (household) => String(household.memberCount), className: 'num' },
      ],
      rows: households.filter((household) => household.unitId === unit.id),
      rowKey: (household) => household.id,
      onRowClick: (household) => navigate(`/places/households/${household.id}`),
    }),
  )
}

/**
 * One building: its units and the households (rooms) in each. The admin renames it, moves it to
 * another grid, adds, renames and removes units; the admin and its grid manager add households.
 */
export async function buildingScreen(context: ScreenContext, params: RouteParams): Promise<void> {
  const { i18n, api, account } = context
  const buildingId = params.buildingId ?? ''
  const rerender = () => void buildingScreen(context, params)
  const base = `/api/buildings/${encodeURIComponent(buildingId)}`
  await loadScreen(
    context,
    'building',
    i18n.t('places.building.title'),
    async () => {
      const [building, households, grids] = await Promise.all([
        api.get<BuildingView & { units: UnitView[] }>(base),
        api.get<Page<HouseholdView>>('/api/households', { buildingId, limit: 200 }),
        api.get<{ items: GridView[] }>('/api/grids'),
      ])
      return { building, households: households.items, grids: grids.items }
    },
    ({ building, households, grids }) => [
      h('h2', { 'data-building': building.id }, building.name, ' ', h('span', { class: 'muted' }, grids.find((grid) => grid.id === building.gridId)?.name ?? '')),
      account.role === 'admin'
        ? h(
            'div',
            { class: 'toolbar' },
            h('button', { type: 'button', class: 'big', 'data-action': 'edit-building', onclick: () => openEditBuildingDialog(context, building, grids, rerender) }, i18n.t('places.building.edit')),
            h('button', { type: 'button', class: 'big', 'data-action': 'new-unit', onclick: () => openUnitDialog(context, building, null, rerender) }, i18n.t('places.unit.new')),
            h(
              'button',
              { type: 'button', class: 'big quiet', 'data-action': 'delete-building', onclick: () => openDeleteDialog(context, { name: 'delete-building', title: 'places.building.delete', what: building.name, path: base, onDeleted: () => navigate('/places') }) },
              i18n.t('places.building.delete'),
            ),
          )
        : null,
      building.units.length === 0 ? h('p', { class: 'muted' }, i18n.t('places.unit.none')) : null,
      building.units.map((unit) => unitSection(context, building, unit, households, rerender)),
    ],
  )
}
