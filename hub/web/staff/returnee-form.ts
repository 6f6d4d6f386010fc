import type { ApiClient } from '../shared/api-client.js'
import type { FieldSpec, FormValues } from '../shared/form-view.js'
import { toLocalInputValue } from '../shared/format.js'
import type { I18n } from '../shared/i18n.js'

/** hub/src/domain/people/returnee-answers.ts TRANSPORT_MODES, in the order people travel. */
const TRANSPORT_MODES = ['train', 'car', 'coach', 'plane', 'ship', 'other'] as const
const HEALTH_QUESTIONS = ['hasFever', 'hasRespiratorySymptoms', 'hasContactWithCases', 'hasVisitedRiskArea'] as const

/** Temporary pass lengths offered (0: none); three days unless the volunteer picks another. */
export const PASS_DAY_CHOICES = [0, 1, 3, 7] as const
const DEFAULT_PASS_DAYS = 3

/** A unit a newcomer can move into: "3号楼 2单元". */
export interface PlaceOption {
  readonly unitId: string
  readonly label: string
}

/** Every unit of the community, by building (gate staff may read buildings and their units). */
export async function loadPlaceOptions(api: ApiClient): Promise<PlaceOption[]> {
  const { items } = await api.get<{ items: { id: string; name: string }[] }>('/api/buildings')
  const buildings = await Promise.all(items.map((building) => api.get<{ name: string; units: { id: string; name: string }[] }>(`/api/buildings/${encodeURIComponent(building.id)}`)))
  return buildings.flatMap((building) => building.units.map((unit) => ({ unitId: unit.id, label: `${building.name} ${unit.name}` })))
}

/** Who a newcomer is and where they will live; checked like the office's own forms. */
export function newcomerFields(places: readonly PlaceOption[]): FieldSpec[] {
  return [
    { name: 'displayName', label: 'staff.returnee.displayName', isRequired: true, maxLength: 64 },
    { name: 'unitId', label: 'staff.returnee.place', kind: 'select', isRequired: true, options: places.map((place) => ({ value: place.unitId, label: place.label })) },
    { name: 'room', label: 'staff.returnee.room', isRequired: true, maxLength: 16 },
    { name: 'phone', label: 'staff.returnee.phone', kind: 'tel', isRequired: true, maxLength: 32, autocomplete: 'off' },
    { name: 'idNumber', label: 'staff.returnee.idNumber', isRequired: true, maxLength: 32, hint: 'staff.returnee.idNumberHint' },
  ]
}

/** The four questions (四问四登记) and the pass, as one form. */
export function questionFields(i18n: I18n, nowMs: number): FieldSpec[] {
  return [
    { name: 'cameFrom', label: 'staff.returnee.cameFrom', isRequired: true, maxLength: 100, hint: 'staff.returnee.cameFromHint' },
    { name: 'arrivedOn', label: 'staff.returnee.arrivedOn', kind: 'date', isRequired: true, value: toLocalInputValue(nowMs).slice(0, 10) },
    {
      name: 'transport',
      label: 'staff.returnee.transport',
      kind: 'select',
      isRequired: true,
      value: 'train',
      options: TRANSPORT_MODES.map((mode) => ({ value: mode, label: i18n.t(`staff.returnee.transport.${mode}`) })),
    },
    { name: 'transportDetail', label: 'staff.returnee.transportDetail', maxLength: 64 },
    ...HEALTH_QUESTIONS.map((question): FieldSpec => ({ name: question, label: `staff.returnee.${question}`, kind: 'checkbox', value: false })),
    { name: 'healthNote', label: 'staff.returnee.healthNote', kind: 'textarea', maxLength: 200 },
    {
      name: 'passDays',
      label: 'staff.returnee.passDays',
      kind: 'select',
      isRequired: true,
      value: String(DEFAULT_PASS_DAYS),
      options: PASS_DAY_CHOICES.map((days) => ({ value: String(days), label: i18n.t(`staff.returnee.days.${days}`) })),
    },
  ]
}

const text = (values: FormValues, name: string): string | undefined => (typeof values[name] === 'string' ? String(values[name]) : undefined)

/** POST /api/returnees's answers (ReturneeAnswers) from the form's values. */
export function returneeAnswers(values: FormValues) {
  const transportDetail = text(values, 'transportDetail')
  const note = text(values, 'healthNote')
  return {
    cameFrom: text(values, 'cameFrom') ?? '',
    arrivedOn: text(values, 'arrivedOn') ?? '',
    transport: { mode: text(values, 'transport') ?? 'other', ...(transportDetail !== undefined && { detail: transportDetail }) },
    health: {
      hasFever: values.hasFever === true,
      hasRespiratorySymptoms: values.hasRespiratorySymptoms === true,
      hasContactWithCases: values.hasContactWithCases === true,
      hasVisitedRiskArea: values.hasVisitedRiskArea === true,
      ...(note !== undefined && { note }),
    },
  }
}

export function passDaysOf(values: FormValues): number {
  const days = Number(values.passDays ?? DEFAULT_PASS_DAYS)
  return Number.isInteger(days) ? days : DEFAULT_PASS_DAYS
}
