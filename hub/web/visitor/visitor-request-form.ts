import { h } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import { fromLocalInputValue, toLocalInputValue } from '../shared/format.js'
import { formView, type FormValues } from '../shared/form-view.js'
import { showOnPage, storeRequest, type VisitorPage } from './visitor-page.js'

/** GET /api/visitor-requests/poster. */
interface PosterView {
  readonly gateEdgeId: string
  readonly gateName: string
  readonly units: readonly { readonly unitId: string; readonly buildingName: string; readonly unitName: string }[]
}

/** A phone as people type it: digits with spaces, hyphens, brackets or +86. The hub checks it exactly. */
const PHONE_PATTERN = '[+（(]?[0-9０-９][0-9０-９ ()（）-]{6,19}'
const FIVE_MINUTES_MS = 5 * 60_000

function textOf(values: FormValues, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Either a unit and a room, or the host's phone: said in the reader's language before sending. */
function checkHousehold(values: FormValues): Readonly<Record<string, string>> | null {
  const unitId = textOf(values, 'unitId')
  const room = textOf(values, 'room')
  if (unitId !== undefined && room !== undefined) return null
  if (unitId !== undefined) return { room: 'form.required' }
  if (room !== undefined) return { unitId: 'form.required' }
  return textOf(values, 'hostPhone') === undefined ? { room: 'visit.hostRequired' } : null
}

/**
 * The visitor's form (issue 5 §3), reached from the gate's poster: name, phone, the household
 * (unit and room, or the host's phone), purpose and expected arrival. Checked in the reader's
 * language first; the hub's refusals land on the field they concern; what was typed stays.
 */
export async function showVisitorRequestForm(page: VisitorPage, gateEdgeId: string): Promise<void> {
  const { i18n, api } = page
  showOnPage(page, h('p', { class: 'muted' }, i18n.t('state.loading')))
  let poster: PosterView
  try {
    poster = await api.get<PosterView>('/api/visitor-requests/poster', { gate: gateEdgeId })
  } catch (error) {
    showOnPage(page, h('section', { class: 'card narrow', 'data-screen': 'visitor-form' }, h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)), h('button', { type: 'button', class: 'big', onclick: page.render }, i18n.t('action.retry'))))
    return
  }
  const arrival = Math.ceil(Date.now() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS
  const form = formView(i18n, {
    fields: [
      { name: 'visitorName', label: 'visit.name', isRequired: true, maxLength: 64, autocomplete: 'name' },
      { name: 'visitorPhone', label: 'visit.phone', kind: 'tel', isRequired: true, pattern: PHONE_PATTERN, hint: 'visit.phone.hint', autocomplete: 'tel' },
      { name: 'unitId', label: 'visit.unit', kind: 'select', options: poster.units.map((unit) => ({ value: unit.unitId, label: `${unit.buildingName} ${unit.unitName}` })) },
      { name: 'room', label: 'visit.room', maxLength: 16, placeholder: i18n.t('visit.room.placeholder') },
      { name: 'hostPhone', label: 'visit.hostPhone', kind: 'tel', pattern: PHONE_PATTERN },
      { name: 'purpose', label: 'visit.purpose', isRequired: true, maxLength: 64, placeholder: i18n.t('visit.purpose.placeholder') },
      { name: 'expectedAt', label: 'visit.expectedAt', kind: 'datetime-local', isRequired: true, value: toLocalInputValue(arrival) },
    ],
    submitLabel: 'visit.submit',
    errorFields: {
      BAD_PHONE: 'visitorPhone',
      BAD_HOST_PHONE: 'hostPhone',
      HOST_NOT_FOUND: 'room',
      HOST_REQUIRED: 'room',
      HOUSEHOLD_AMBIGUOUS: 'hostPhone',
      BAD_EXPECTED_TIME: 'expectedAt',
    },
    check: checkHousehold,
    onSubmit: async (values) => {
      const unitId = textOf(values, 'unitId')
      const room = textOf(values, 'room')
      const body = {
        gate: poster.gateEdgeId,
        visitorName: String(values.visitorName),
        visitorPhone: String(values.visitorPhone),
        purpose: String(values.purpose),
        expectedAtMs: fromLocalInputValue(String(values.expectedAt)) ?? arrival,
        ...(unitId !== undefined && room !== undefined ? { unitId, room } : { hostPhone: textOf(values, 'hostPhone') }),
      }
      const sent = await api.post<{ token: string; request: { id: string } }>('/api/visitor-requests', body)
      storeRequest({ id: sent.request.id, token: sent.token })
      page.render()
    },
  })
  showOnPage(
    page,
    h(
      'section',
      { class: 'card narrow', 'data-screen': 'visitor-form' },
      h('h1', {}, i18n.t('visit.title')),
      h('p', {}, i18n.t('visit.intro', { gate: poster.gateName })),
      h('p', { class: 'notice' }, i18n.t('visit.whom.hint')),
      form.element,
    ),
  )
}
