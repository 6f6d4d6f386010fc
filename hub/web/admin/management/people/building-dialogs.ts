import { h } from '../../../shared/dom.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import type { BuildingView, GridView, UnitView } from './people-views.js'

const buildingPath = (building: BuildingView) => `/api/buildings/${encodeURIComponent(building.id)}`

/** Rename a building or move it (and its households) to another grid (admin). */
export function openEditBuildingDialog(context: ScreenContext, building: BuildingView, grids: readonly GridView[], onSaved: () => void): void {
  const { i18n, api } = context
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
      await api.patch(buildingPath(building), { name: values.name, gridId: values.gridId ?? null })
      showToast(i18n.t('state.saved'))
      onSaved()
    },
  })
}

/** Add a unit to a building, or rename one (admin). */
export function openUnitDialog(context: ScreenContext, building: BuildingView, unit: UnitView | null, onSaved: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: unit === null ? 'new-unit' : 'edit-unit',
    title: unit === null ? 'places.unit.new' : 'places.unit.edit',
    fields: [{ name: 'name', label: 'places.unit.name', isRequired: true, maxLength: 64, value: unit?.name ?? null, placeholder: i18n.t('places.unit.example') }],
    submitLabel: 'action.save',
    errorFields: { DUPLICATE_UNIT: 'name' },
    onSubmit: async (values) => {
      if (unit === null) await api.post(`${buildingPath(building)}/units`, values)
      else await api.patch(`/api/units/${encodeURIComponent(unit.id)}`, values)
      onSaved()
    },
  })
}

/** Add a household (a room) to a unit (admin, or the grid manager of its grid). */
export function openNewHouseholdDialog(context: ScreenContext, building: BuildingView, unit: UnitView, onSaved: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: 'new-household',
    title: 'places.household.new',
    intro: h('p', {}, `${building.name} ${unit.name}`),
    fields: [{ name: 'room', label: 'places.room', isRequired: true, maxLength: 16, pattern: '[0-9A-Za-z-]+', hint: 'places.room.hint' }],
    submitLabel: 'action.create',
    errorFields: { DUPLICATE_HOUSEHOLD: 'room' },
    onSubmit: async (values) => {
      await api.post('/api/households', { unitId: unit.id, room: values.room })
      onSaved()
    },
  })
}
