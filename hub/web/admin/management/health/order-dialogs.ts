import { h } from '../../../shared/dom.js'
import type { FieldSpec, FormValues } from '../../../shared/form-view.js'
import { formatDate, fromLocalInputValue, toLocalInputValue } from '../../../shared/format.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import type { ObservationSubject } from './health-views.js'

const DAY_MS = 86_400_000
const FALLBACK_DEFAULT_DAYS = 14

/** The site's default observation length (14 days unless the community changed it). */
export async function defaultObservationDays(context: ScreenContext): Promise<number> {
  try {
    return (await context.api.get<{ observationDefaultDays: number }>('/api/site')).observationDefaultDays
  } catch {
    return FALLBACK_DEFAULT_DAYS
  }
}

/** Days, or a new last day (the order lifts at the start of the following day): one of the two. */
function lengthOf(values: FormValues): { days?: number; endsAtMs?: number } {
  if (typeof values.days === 'number') return { days: values.days }
  const lastDay = typeof values.lastDay === 'string' ? fromLocalInputValue(values.lastDay) : null
  return lastDay === null ? {} : { endsAtMs: lastDay + DAY_MS }
}

const oneLength = (values: FormValues) => (typeof values.days === 'number' || typeof values.lastDay === 'string' ? null : { days: 'health.daysOrDate' })

/** How long (the site's default offered) and why. */
function lengthAndReasonFields(days: number, reasonExample: string): FieldSpec[] {
  return [
    { name: 'days', label: 'health.days', kind: 'number', isRequired: true, min: 1, max: 366, step: 1, value: days, hint: 'health.days.hint' },
    { name: 'reason', label: 'management.reason', maxLength: 200, placeholder: reasonExample },
  ]
}

/** A whole building under home observation, chosen from the buildings this account sees. */
export function openPlaceBuildingDialog(context: ScreenContext, buildings: readonly { readonly id: string; readonly name: string }[], days: number, onPlaced: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: 'place-building',
    title: 'health.observation.placeBuilding',
    intro: h('p', {}, i18n.t('health.observation.placeBuildingIntro')),
    fields: [{ name: 'buildingId', label: 'people.building', kind: 'select', isRequired: true, options: buildings.map((building) => ({ value: building.id, label: building.name })) }, ...lengthAndReasonFields(days, i18n.t('health.observation.reasonExample'))],
    submitLabel: 'health.observation.place',
    errorFields: { UNKNOWN_REFERENCE: 'buildingId', BAD_INTERVAL: 'days' },
    onSubmit: async (values) => {
      await api.post('/api/observation-orders', { subjectKind: 'building', subjectId: values.buildingId, days: values.days, ...(values.reason !== undefined && { reason: values.reason }) })
      showToast(i18n.t('state.saved'))
      onPlaced()
    },
  })
}

/** Home observation for a person, a household or a whole building, from now, the site's default days unless changed. */
export async function openPlaceObservationDialog(context: ScreenContext, subject: ObservationSubject, onPlaced: () => void): Promise<void> {
  const { i18n, api } = context
  const days = await defaultObservationDays(context)
  openFormDialog(i18n, {
    name: 'place-observation',
    title: 'health.observation.place',
    intro: h('p', {}, i18n.t(`health.observation.placeIntro.${subject.kind}`, { name: subject.label })),
    fields: lengthAndReasonFields(days, i18n.t('health.observation.reasonExample')),
    submitLabel: 'health.observation.place',
    errorFields: { BAD_INTERVAL: 'days' },
    onSubmit: async (values) => {
      await api.post('/api/observation-orders', { subjectKind: subject.kind, subjectId: subject.id, days: values.days, ...(values.reason !== undefined && { reason: values.reason }) })
      showToast(i18n.t('health.observation.placed', { name: subject.label }))
      onPlaced()
    },
  })
}

/** Release early or lift now: the order ends at once; the reason goes to the audit log. */
export function openEndNowDialog(context: ScreenContext, spec: { readonly name: string; readonly title: string; readonly intro: string; readonly path: string }, onEnded: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: spec.name,
    title: spec.title,
    intro: h('p', {}, spec.intro),
    fields: [{ name: 'reason', label: 'management.reason', maxLength: 200 }],
    submitLabel: spec.title,
    onSubmit: async (values) => {
      await api.post(spec.path, values)
      showToast(i18n.t('state.saved'))
      onEnded()
    },
  })
}

/** Extend an observation order or a lockdown by days, or to a later last day. */
export function openExtendDialog(context: ScreenContext, spec: { readonly intro: string; readonly path: string; readonly endsAtMs: number }, onExtended: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: 'extend-order',
    title: 'health.extend',
    intro: h('p', {}, spec.intro, ' ', i18n.t('health.currentEnd', { date: formatDate(i18n, spec.endsAtMs - 1) })),
    fields: [
      { name: 'days', label: 'health.extendDays', kind: 'number', min: 1, max: 366, step: 1, hint: 'health.extendDays.hint' },
      { name: 'lastDay', label: 'health.newLastDay', kind: 'date' },
      { name: 'reason', label: 'management.reason', maxLength: 200 },
    ],
    submitLabel: 'health.extend',
    errorFields: { BAD_EXTENSION: 'lastDay', BAD_INTERVAL: 'lastDay' },
    check: oneLength,
    onSubmit: async (values) => {
      await api.post(spec.path, { ...lengthOf(values), ...(values.reason !== undefined && { reason: values.reason }) })
      showToast(i18n.t('state.saved'))
      onExtended()
    },
  })
}

/** Leave from home observation for one person for a window (dialysis, a hospital visit), with who approved it. */
export function openMedicalExceptionDialog(context: ScreenContext, person: { readonly id: string; readonly label: string }, nowMs: number, onGranted: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: 'medical-exception',
    title: 'health.exception.grant',
    intro: h('p', {}, i18n.t('health.exception.intro', { name: person.label })),
    fields: [
      { name: 'startsAt', label: 'health.exception.from', kind: 'datetime-local', isRequired: true, value: toLocalInputValue(nowMs) },
      { name: 'endsAt', label: 'health.exception.until', kind: 'datetime-local', isRequired: true, value: toLocalInputValue(nowMs + 4 * 3_600_000) },
      { name: 'approvedBy', label: 'health.exception.approvedBy', isRequired: true, maxLength: 64, placeholder: i18n.t('health.exception.approvedByExample') },
      { name: 'reason', label: 'management.reason', maxLength: 200, placeholder: i18n.t('health.exception.reasonExample') },
    ],
    submitLabel: 'health.exception.grant',
    errorFields: { BAD_INTERVAL: 'endsAt' },
    check: (values) => {
      const from = fromLocalInputValue(String(values.startsAt))
      const until = fromLocalInputValue(String(values.endsAt))
      return from === null || until === null || until <= from ? { endsAt: 'health.exception.endAfterStart' } : null
    },
    onSubmit: async (values) => {
      await api.post('/api/medical-exceptions', {
        personId: person.id,
        startsAtMs: fromLocalInputValue(String(values.startsAt)),
        endsAtMs: fromLocalInputValue(String(values.endsAt)),
        approvedBy: values.approvedBy,
        ...(values.reason !== undefined && { reason: values.reason }),
      })
      showToast(i18n.t('health.exception.granted'))
      onGranted()
    },
  })
}
