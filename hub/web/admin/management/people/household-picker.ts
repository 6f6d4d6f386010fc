import { h, replaceChildren } from '../../../shared/dom.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { refusalView } from '../shared/screen-frame.js'
import type { BuildingView, HouseholdView, Page, UnitView } from './people-views.js'

/** A labelled select that is a way to choose, not a form to send. */
function chooser(label: string, name: string, options: readonly { value: string; label: string }[], onChange: (value: string) => void): HTMLElement {
  const id = `pick-${name}`
  const select = h('select', { id, name, onchange: (event: Event) => onChange((event.target as HTMLSelectElement).value) }, h('option', { value: '' }, '—'), options.map((option) => h('option', { value: option.value }, option.label)))
  return h('div', { class: 'field', 'data-picker': name }, h('label', { for: id }, label), select)
}

/**
 * Choosing a home the way the office thinks of it: building, then unit, then the room (big
 * buttons). Only the places the hub lets this account see are offered. `onPick` gets the
 * household; nothing is typed here, so nothing can be lost.
 */
export function householdPicker(context: ScreenContext, onPick: (household: HouseholdView) => void): HTMLElement {
  const { i18n, api } = context
  const unitSlot = h('div', {})
  const roomSlot = h('div', { class: 'room-buttons', 'data-picker': 'rooms' })
  const root = h('div', { class: 'card household-picker' }, h('p', { class: 'muted' }, i18n.t('people.picker.loading')), unitSlot, roomSlot)

  const showRooms = async (unitId: string) => {
    replaceChildren(roomSlot)
    if (unitId === '') return
    try {
      const households = await api.get<Page<HouseholdView>>('/api/households', { unitId, limit: 200 })
      replaceChildren(
        roomSlot,
        households.items.length === 0 ? h('p', { class: 'muted' }, i18n.t('people.picker.noRooms')) : null,
        households.items.map((household) =>
          h('button', { type: 'button', class: 'big', 'data-household': household.id, onclick: () => onPick(household) }, household.room, h('span', { class: 'muted' }, ` · ${i18n.t('people.members', { count: household.memberCount })}`)),
        ),
      )
    } catch (error) {
      replaceChildren(roomSlot, refusalView(i18n, error))
    }
  }
  const showUnits = async (buildingId: string) => {
    replaceChildren(unitSlot)
    replaceChildren(roomSlot)
    if (buildingId === '') return
    try {
      const building = await api.get<BuildingView & { units: UnitView[] }>(`/api/buildings/${encodeURIComponent(buildingId)}`)
      replaceChildren(unitSlot, chooser(i18n.t('people.unit'), 'unitId', building.units.map((unit) => ({ value: unit.id, label: unit.name })), (unitId) => void showRooms(unitId)))
    } catch (error) {
      replaceChildren(unitSlot, refusalView(i18n, error))
    }
  }
  api
    .get<{ items: BuildingView[] }>('/api/buildings')
    .then((buildings) => {
      root.firstElementChild?.replaceWith(chooser(i18n.t('people.building'), 'buildingId', buildings.items.map((building) => ({ value: building.id, label: building.name })), (buildingId) => void showUnits(buildingId)))
    })
    .catch((error: unknown) => root.firstElementChild?.replaceWith(refusalView(i18n, error)))
  return root
}
