import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import type { RouteParams } from '../../../shared/router.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { BuildingView, GridView, HouseholdView, Page, UnitView } from './people-views.js'

const ROOM_FIELD = { name: 'room', label: 'places.room', isRequired: true, maxLength: 16, pattern: '[0-9A-Za-z-]+', hint: 'places.room.hint' } as const

/**
 * One building: its units and the households (rooms) in each. The admin renames it, moves it to
 * another grid, adds, renames and removes units; the admin and its grid manager add households.
 */
export async function buildingScreen(context: ScreenContext, params: RouteParams): Promise<void> {
  const { i18n, api, account } = context
  const buildingId = params.buildingId ?? ''
  const isAdmin = account.role === 'admin'
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
    ({ building, households, grids }) => {
      const editBuilding = () =>
        openFormDialog(i18n, {
          name: 'edit-building',
          title: 'places.building.edit',
          fields: [
            { name: 'name', label: 'places.building.name', isRequired: true, maxLength: 64, value: building.name },
            { name: 'gridId', label: 'places.grid', kind: 'select', value: building.gridId, options: grids.map((grid) => ({ value: grid.id, label: grid.name })), hint: 'places.building.gridHint' },
          ],
          submitLabel: 'action.save',
          errorFields: { DUPLICATE_BUILDING: 'name' },
          onSubmit: async (values) => {
            await api.patch(base, { name: values.name, gridId: values.gridId ?? null })
            showToast(i18n.t('state.saved'))
            rerender()
          },
        })
      const deleteBuilding = () =>
        openFormDialog(i18n, {
          name: 'delete-building',
          title: 'places.building.delete',
          intro: h('p', {}, i18n.t('places.confirmDelete', { name: building.name })),
          fields: [],
          submitLabel: 'action.delete',
          onSubmit: async () => {
            await api.delete(base)
            location.hash = '#/places'
          },
        })
      const unitDialog = (unit: UnitView | null) =>
        openFormDialog(i18n, {
          name: unit === null ? 'new-unit' : 'edit-unit',
          title: unit === null ? 'places.unit.new' : 'places.unit.edit',
          fields: [{ name: 'name', label: 'places.unit.name', isRequired: true, maxLength: 64, value: unit?.name ?? null, placeholder: i18n.t('places.unit.example') }],
          submitLabel: 'action.save',
          errorFields: { DUPLICATE_UNIT: 'name' },
          onSubmit: async (values) => {
            if (unit === null) await api.post(`${base}/units`, values)
            else await api.patch(`/api/units/${encodeURIComponent(unit.id)}`, values)
            rerender()
          },
        })
      const deleteUnit = (unit: UnitView) =>
        openFormDialog(i18n, {
          name: 'delete-unit',
          title: 'places.unit.delete',
          intro: h('p', {}, i18n.t('places.confirmDelete', { name: unit.name })),
          fields: [],
          submitLabel: 'action.delete',
          onSubmit: async () => {
            await api.delete(`/api/units/${encodeURIComponent(unit.id)}`)
            rerender()
          },
        })
      const newHousehold = (unit: UnitView) =>
        openFormDialog(i18n, {
          name: 'new-household',
          title: 'places.household.new',
          intro: h('p', {}, `${building.name} ${unit.name}`),
          fields: [ROOM_FIELD],
          submitLabel: 'action.create',
          errorFields: { DUPLICATE_HOUSEHOLD: 'room' },
          onSubmit: async (values) => {
            await api.post('/api/households', { unitId: unit.id, room: values.room })
            rerender()
          },
        })
      return [
        h('h2', { 'data-building': building.id }, building.name, ' ', h('span', { class: 'muted' }, grids.find((grid) => grid.id === building.gridId)?.name ?? '')),
        isAdmin
          ? h(
              'div',
              { class: 'toolbar' },
              h('button', { type: 'button', class: 'big', 'data-action': 'edit-building', onclick: editBuilding }, i18n.t('places.building.edit')),
              h('button', { type: 'button', class: 'big', 'data-action': 'new-unit', onclick: () => unitDialog(null) }, i18n.t('places.unit.new')),
              h('button', { type: 'button', class: 'big quiet', 'data-action': 'delete-building', onclick: deleteBuilding }, i18n.t('places.building.delete')),
            )
          : null,
        building.units.length === 0 ? h('p', { class: 'muted' }, i18n.t('places.unit.none')) : null,
        building.units.map((unit) =>
          h(
            'section',
            { class: 'card', 'data-unit': unit.id },
            h('h3', {}, unit.name),
            h(
              'div',
              { class: 'toolbar' },
              h('button', { type: 'button', 'data-action': 'new-household', onclick: () => newHousehold(unit) }, i18n.t('places.household.new')),
              isAdmin ? h('button', { type: 'button', onclick: () => unitDialog(unit) }, i18n.t('places.unit.edit')) : null,
              isAdmin ? h('button', { type: 'button', class: 'quiet', onclick: () => deleteUnit(unit) }, i18n.t('places.unit.delete')) : null,
            ),
            dataTable(i18n, {
              columns: [
                { label: 'places.room', cell: (household) => household.room },
                { label: 'places.members', cell: (household) => String(household.memberCount), className: 'num' },
              ],
              rows: households.filter((household) => household.unitId === unit.id),
              rowKey: (household) => household.id,
              onRowClick: (household) => {
                location.hash = `#/places/households/${household.id}`
              },
            }),
          ),
        ),
      ]
    },
  )
}
