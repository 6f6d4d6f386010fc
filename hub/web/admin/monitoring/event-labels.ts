import { h } from '../../shared/dom.js'
import { reasonText } from '../../shared/error-text.js'
import { formatCelsius } from '../../shared/format.js'
import type { I18n } from '../../shared/i18n.js'
import type { LedgerEvent } from './ledger-types.js'

/**
 * Who it was, as the hub showed it to this reader: the name; "someone outside your grid" when
 * the hub hid the person; the masked card or pass when nobody is known (a stranger's card).
 */
export function personLabel(i18n: I18n, event: LedgerEvent): string {
  if (event.personName !== null) return event.personName
  if (event.isPersonHidden) return i18n.t('mon.person.hidden')
  if (event.personId !== null) return event.personId
  return i18n.t('mon.person.unknown', { credential: credentialLabel(i18n, event.credential) })
}

export function credentialLabel(i18n: I18n, credential: LedgerEvent['credential']): string {
  const kind = `mon.credential.${credential.kind}`
  return `${i18n.has(kind) ? i18n.t(kind) : credential.kind} ${credential.maskedReference}`.trim()
}

/** "通过" or "拒绝：居家观察中" — colour and words, never colour alone. */
export function outcomeBadge(i18n: I18n, event: Pick<LedgerEvent, 'granted' | 'reason'>): HTMLElement {
  if (event.granted) {
    const text = event.reason === 'GRANTED' ? i18n.t('mon.outcome.granted') : i18n.t('mon.outcome.grantedBecause', { reason: reasonText(i18n, event.reason) })
    return h('span', { class: 'badge ok outcome', 'data-outcome': 'granted' }, text)
  }
  return h('span', { class: 'badge bad outcome', 'data-outcome': 'denied' }, i18n.t('mon.outcome.deniedBecause', { reason: reasonText(i18n, event.reason) }))
}

/** The reading (with a fever marked in words), "fever" alone when the reading is hidden from this reader, or nothing. */
export function temperatureLabel(i18n: I18n, temperature: LedgerEvent['temperature']): HTMLElement | null {
  if (temperature === null) return null
  if (temperature.isFever) {
    const reading = temperature.celsius === null ? '' : ` ${formatCelsius(temperature.celsius)}`
    return h('span', { class: 'badge bad temperature', 'data-fever': '' }, `${i18n.t('mon.fever')}${reading}`)
  }
  return h('span', { class: 'temperature' }, formatCelsius(temperature.celsius))
}

export function directionLabel(i18n: I18n, direction: string): string {
  return direction === 'out' ? i18n.t('mon.direction.out') : i18n.t('mon.direction.in')
}

/** "王阿姨 opened by hand" for manual acts (every manual act names the staff member). */
export function actorLabel(i18n: I18n, event: LedgerEvent): string | null {
  const actor = event.actor
  if (actor === null || actor.name === null) return null
  return i18n.t('mon.actor', { name: actor.name })
}
