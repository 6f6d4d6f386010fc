import { h } from '../shared/dom.js'
import { reasonText } from '../shared/error-text.js'
import { formatCelsius, formatTime } from '../shared/format.js'
import type { I18n } from '../shared/i18n.js'
import { personPhoto, placeOf, type StaffPersonView } from './person-directory.js'

/** An access event as GET /api/events and the live feed give it (the fields the queue shows). */
export interface StaffEvent {
  readonly id: string
  readonly edgeId: string
  readonly doorId: string
  readonly occurredAt: string
  readonly lane: string
  readonly granted: boolean
  readonly reason: string
  readonly credential: { readonly kind: string; readonly maskedReference: string }
  readonly personId: string | null
  readonly personName: string | null
  readonly temperature: { readonly celsius: number | null; readonly isFever: boolean } | null
  readonly actor: { readonly kind: string; readonly id: string | null; readonly name: string | null } | null
  readonly note: string | null
}

function nameOf(i18n: I18n, event: StaffEvent, person: StaffPersonView | null): string {
  return event.personName ?? person?.displayName ?? i18n.t('staff.queue.unknownPerson')
}

function credentialText(i18n: I18n, event: StaffEvent): string {
  const key = `staff.credential.${event.credential.kind}`
  const kind = i18n.has(key) ? i18n.t(key) : event.credential.kind
  return event.credential.kind === 'manual' ? kind : `${kind} ${event.credential.maskedReference}`
}

/** The temperature in large figures, with the word "fever" beside a fever (colour plus words). */
function temperatureOf(i18n: I18n, event: StaffEvent): HTMLElement {
  const temperature = event.temperature
  if (temperature === null) return h('span', { class: 'staff-temperature muted' }, i18n.t('staff.queue.noTemperature'))
  return h(
    'span',
    { class: temperature.isFever ? 'staff-temperature fever' : 'staff-temperature' },
    formatCelsius(temperature.celsius),
    temperature.isFever ? h('span', { class: 'badge bad' }, i18n.t('staff.queue.fever')) : null,
  )
}

/** Pass or not, and why, in the kiosk's own words. */
function verdictOf(i18n: I18n, event: StaffEvent): HTMLElement {
  return h(
    'div',
    { class: event.granted ? 'staff-verdict granted' : 'staff-verdict denied', 'data-verdict': event.granted ? 'granted' : 'denied' },
    h('span', { class: 'staff-verdict-mark', 'aria-hidden': 'true' }, event.granted ? '✓' : '✗'),
    h('span', {}, event.granted ? i18n.t('staff.queue.pass') : i18n.t('staff.queue.stop')),
    h('span', { class: 'staff-verdict-reason' }, reasonText(i18n, event.reason)),
  )
}

function staffActOf(i18n: I18n, event: StaffEvent): HTMLElement | null {
  const actor = event.actor
  const isStaffAct = actor !== null && actor.kind !== 'resident'
  if (!isStaffAct && event.note === null) return null
  return h(
    'p',
    { class: 'staff-act' },
    isStaffAct ? i18n.t('staff.queue.byStaff', { name: actor.name ?? actor.id ?? '' }) : null,
    isStaffAct && event.note !== null ? ' · ' : null,
    event.note === null ? null : i18n.t('staff.queue.note', { note: event.note }),
  )
}

/** The latest reading, large: photo, name, where they live, temperature, pass or not and why. */
export function latestReadingCard(i18n: I18n, event: StaffEvent, person: StaffPersonView | null, doorName: string): HTMLElement {
  const name = nameOf(i18n, event, person)
  return h(
    'article',
    { class: event.granted ? 'card staff-latest granted-card' : 'card staff-latest denied-card', 'data-latest': event.id },
    verdictOf(i18n, event),
    h(
      'div',
      { class: 'staff-latest-who' },
      personPhoto(i18n, name, person?.photoId ?? null, 'staff-photo large'),
      h(
        'div',
        {},
        h('p', { class: 'staff-name', 'data-person-name': true }, name),
        h('p', { class: 'staff-place' }, placeOf(person)),
        temperatureOf(i18n, event),
      ),
    ),
    h('p', { class: 'muted' }, `${formatTime(i18n, Date.parse(event.occurredAt))} · ${doorName} · ${credentialText(i18n, event)}`),
    staffActOf(i18n, event),
  )
}

/** One of the readings before the latest, on one line. */
export function earlierReadingRow(i18n: I18n, event: StaffEvent, person: StaffPersonView | null): HTMLElement {
  const name = nameOf(i18n, event, person)
  return h(
    'li',
    { class: event.granted ? 'staff-row granted-row' : 'staff-row denied-row', 'data-row': event.id },
    personPhoto(i18n, name, person?.photoId ?? null, 'staff-photo small'),
    h('span', { class: 'staff-row-name' }, name),
    temperatureOf(i18n, event),
    h('span', { class: event.granted ? 'granted' : 'denied' }, reasonText(i18n, event.reason)),
    h('span', { class: 'muted staff-row-time' }, formatTime(i18n, Date.parse(event.occurredAt))),
  )
}
