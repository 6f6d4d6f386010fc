import { h } from '../../../shared/dom.js'
import type { FieldSpec, FormValues } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import type { DoorView, EdgeView } from './access-views.js'

const HOUR_MS = 3_600_000

export interface BuildingChoice {
  readonly id: string
  readonly name: string
}

function options(i18n: I18n, prefix: string, values: readonly string[]) {
  return values.map((value) => ({ value, label: i18n.t(`${prefix}${value}`) }))
}

function doorFields(i18n: I18n, buildings: readonly BuildingChoice[], door: DoorView | null): FieldSpec[] {
  const fields: FieldSpec[] = door === null ? [{ name: 'id', label: 'doors.id', maxLength: 63, pattern: '[a-z0-9][a-z0-9-]*', hint: 'doors.id.hint' }] : []
  return [
    ...fields,
    { name: 'name', label: 'doors.name', isRequired: true, maxLength: 64, value: door?.name ?? null, placeholder: i18n.t('doors.name.example') },
    { name: 'kind', label: 'doors.kind', kind: 'select', isRequired: true, value: door?.kind ?? 'gate', options: options(i18n, 'doors.kind.', ['gate', 'building']) },
    { name: 'buildingId', label: 'doors.building', kind: 'select', value: door?.buildingId ?? null, options: buildings.map((building) => ({ value: building.id, label: building.name })), hint: 'doors.building.hint' },
    { name: 'lane', label: 'doors.lane', kind: 'select', value: door?.lane ?? null, options: options(i18n, 'doors.lane.', ['residents', 'returnees', 'assisted']), hint: 'doors.lane.hint' },
    { name: 'failMode', label: 'doors.failMode', kind: 'select', isRequired: true, value: door?.failMode ?? 'fail-secure', options: options(i18n, 'doors.failMode.', ['fail-secure', 'fail-safe']) },
    { name: 'antiPassback', label: 'doors.antiPassback', kind: 'select', isRequired: true, value: door?.antiPassback ?? 'off', options: options(i18n, 'doors.antiPassback.', ['off', 'soft', 'hard']), hint: 'doors.antiPassback.hint' },
    { name: 'isTemperatureRequired', label: 'doors.temperatureRequired', kind: 'checkbox', value: door?.isTemperatureRequired ?? false },
    { name: 'temperatureEnforcement', label: 'doors.temperatureEnforcement', kind: 'select', isRequired: true, value: door?.temperatureEnforcement ?? 'hard', options: options(i18n, 'doors.temperatureEnforcement.', ['hard', 'soft']) },
    {
      name: 'maxPolicyAgeHours',
      label: 'doors.maxPolicyAge',
      kind: 'number',
      min: 1,
      max: 8760,
      value: door?.maxPolicyAgeMs == null ? null : Math.round(door.maxPolicyAgeMs / HOUR_MS),
      hint: 'doors.maxPolicyAge.hint',
    },
  ]
}

/** The door settings as the hub takes them: a gate has no building; hours become milliseconds. */
function doorBody(values: FormValues, isNew: boolean): Record<string, unknown> {
  const { maxPolicyAgeHours, buildingId, lane, ...rest } = values
  return {
    ...rest,
    buildingId: values.kind === 'gate' ? null : (buildingId ?? null),
    lane: lane ?? null,
    ...(typeof maxPolicyAgeHours === 'number' ? { maxPolicyAgeMs: maxPolicyAgeHours * HOUR_MS } : isNew ? {} : { maxPolicyAgeMs: null }),
  }
}

/** Add a door or lane to an edge, or change one (admin). */
export function openDoorDialog(context: ScreenContext, edge: EdgeView, door: DoorView | null, buildings: readonly BuildingChoice[], onSaved: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: door === null ? 'new-door' : 'edit-door',
    title: door === null ? 'doors.new' : 'doors.edit',
    intro: h('p', {}, i18n.t('doors.onEdge', { edge: edge.name })),
    fields: doorFields(i18n, buildings, door),
    submitLabel: 'action.save',
    errorFields: { DOOR_EXISTS: 'id', UNKNOWN_REFERENCE: 'buildingId', BAD_DOOR: 'buildingId' },
    check: (values) => (values.kind === 'building' && values.buildingId === undefined ? { buildingId: 'doors.building.required' } : null),
    onSubmit: async (values) => {
      if (door === null) await api.post(`/api/edges/${encodeURIComponent(edge.id)}/doors`, doorBody(values, true))
      else await api.patch(`/api/doors/${encodeURIComponent(door.id)}`, doorBody(values, false))
      showToast(i18n.t('state.saved'))
      onSaved()
    },
  })
}

/** Create an edge (a Pi at a gate or building door), or rename one (admin). */
export function openEdgeDialog(context: ScreenContext, edge: EdgeView | null, onSaved: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: edge === null ? 'new-edge' : 'edit-edge',
    title: edge === null ? 'doors.edge.new' : 'doors.edge.edit',
    fields: [
      ...(edge === null ? [{ name: 'id', label: 'doors.edge.id', maxLength: 63, pattern: '[a-z0-9][a-z0-9-]*', hint: 'doors.id.hint' } satisfies FieldSpec] : []),
      { name: 'name', label: 'doors.edge.name', isRequired: true, maxLength: 64, value: edge?.name ?? null, placeholder: i18n.t('doors.edge.example') },
    ],
    submitLabel: 'action.save',
    errorFields: { EDGE_EXISTS: 'id' },
    onSubmit: async (values) => {
      if (edge === null) await api.post('/api/edges', values)
      else await api.patch(`/api/edges/${encodeURIComponent(edge.id)}`, { name: values.name })
      showToast(i18n.t('state.saved'))
      onSaved()
    },
  })
}
