import { h, replaceChildren } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import { formView } from '../shared/form-view.js'
import { formatCelsius, formatDate } from '../shared/format.js'
import type { I18n } from '../shared/i18n.js'
import type { ScreenContext } from '../shared/screen-module.js'
import { showToast } from '../shared/toast.js'
import { remindIfDue, reportSlotDue, type ObservedPerson } from './report-reminder.js'

interface ObservationStatus {
  readonly dayStartMs: number
  readonly items: readonly ObservedPerson[]
}

interface TemperatureReport {
  readonly celsius: number
  readonly isFever: boolean
}

async function loadStatus(context: ScreenContext): Promise<ObservationStatus> {
  return context.api.get<ObservationStatus>('/api/temperature-reports/observation-status')
}

/** "Please report your morning temperature now" for the home screen, when one is due; null otherwise (or offline). */
export async function observationBanner(context: ScreenContext): Promise<HTMLElement | null> {
  let status: ObservationStatus
  try {
    status = await loadStatus(context)
  } catch {
    return null
  }
  const due = status.items.map((person) => reportSlotDue(person, status.dayStartMs, Date.now())).find((slot) => slot !== null)
  if (due === undefined || due === null) return null
  remindIfDue(context.i18n, due)
  return h('a', { class: 'notice due-banner', href: '#/health', 'data-due': due }, context.i18n.t('phone.health.dueNow', { slot: context.i18n.t(`phone.health.${due}`) }))
}

/**
 * Home observation (story 3): who in the household is observed, days left and the release date,
 * today's two reports, the report form (with the due-now banner), and reminders by notification
 * when the resident allows them.
 */
export async function healthScreen(context: ScreenContext): Promise<void> {
  const { shell, i18n } = context
  const body = h('div', {}, h('p', { class: 'muted' }, i18n.t('state.loading')))
  shell.show(h('section', { 'data-screen': 'health', class: 'phone-screen' }, h('h1', {}, i18n.t('phone.health.title')), body))
  const render = async (): Promise<void> => {
    let status: ObservationStatus
    try {
      status = await loadStatus(context)
    } catch (error) {
      replaceChildren(body, h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
      return
    }
    if (status.items.length === 0) {
      replaceChildren(body, h('p', { class: 'notice' }, i18n.t('phone.health.none')))
      return
    }
    replaceChildren(body, ...status.items.map((person) => personCard(i18n, person, status.dayStartMs)), reportForm(context, status.items, render), reminderButton(i18n))
  }
  await render()
}

function personCard(i18n: I18n, person: ObservedPerson, dayStartMs: number): HTMLElement {
  const due = reportSlotDue(person, dayStartMs, Date.now())
  const slot = (name: 'morning' | 'evening', isDone: boolean) =>
    h('li', {}, `${i18n.t(`phone.health.${name}`)}: `, h('span', { class: isDone ? 'badge ok' : 'badge warn' }, i18n.t(isDone ? 'phone.health.reported' : 'phone.health.missing')))
  return h(
    'div',
    { class: 'card observation', 'data-person': person.personId },
    h('h2', {}, person.personName),
    h('p', { class: 'days-left', 'data-days-left': String(person.daysLeft) }, i18n.t('phone.health.daysLeft', { days: person.daysLeft })),
    h('p', { class: 'muted' }, i18n.t('phone.health.until', { date: formatDate(i18n, person.observationEndsAtMs) })),
    h('ul', { class: 'report-slots' }, slot('morning', person.hasMorningReport), slot('evening', person.hasEveningReport)),
    person.isOverdue ? h('p', { class: 'form-error' }, i18n.t('phone.health.overdue')) : due === null ? null : h('p', { class: 'notice', 'data-due': due }, i18n.t('phone.health.dueNow', { slot: i18n.t(`phone.health.${due}`) })),
  )
}

function reportForm(context: ScreenContext, people: readonly ObservedPerson[], rerender: () => Promise<void>): HTMLElement {
  const { i18n, api } = context
  const form = formView(i18n, {
    fields: [
      ...(people.length > 1 ? [{ name: 'personId', label: 'phone.health.person', kind: 'select' as const, isRequired: true, options: people.map((person) => ({ value: person.personId, label: person.personName })) }] : []),
      { name: 'celsius', label: 'phone.health.celsius', kind: 'number', isRequired: true, min: 34, max: 42, step: 0.1 },
    ],
    submitLabel: 'phone.health.submit',
    errorFields: { OUT_OF_SCOPE: 'personId' },
    onSubmit: async (values) => {
      const personId = people.length > 1 ? String(values.personId) : people[0]!.personId
      const report = await api.post<TemperatureReport>('/api/temperature-reports', { personId, celsius: Number(values.celsius), source: 'phone' })
      showToast(i18n.t('phone.health.sent', { celsius: formatCelsius(report.celsius) }))
      await rerender()
      if (report.isFever) context.shell.main.querySelector('[data-screen="health"]')?.append(h('p', { class: 'form-error', role: 'alert', 'data-fever': '' }, i18n.t('phone.health.fever')))
    },
  })
  return h('div', { class: 'card', 'data-form': 'temperature' }, form.element)
}

function reminderButton(i18n: I18n): HTMLElement | null {
  if (typeof Notification === 'undefined') return null
  if (Notification.permission === 'granted') return h('p', { class: 'muted' }, i18n.t('phone.health.reminding'))
  if (Notification.permission === 'denied') return null
  const button: HTMLButtonElement = h('button', { type: 'button', class: 'big', onclick: () => void Notification.requestPermission().then(() => button.replaceWith(reminderButton(i18n) ?? '')) }, i18n.t('phone.health.remind'))
  return button
}
