import type { ApiClient } from '../../shared/api-client.js'
import { h, replaceChildren, type Child } from '../../shared/dom.js'
import { errorText } from '../../shared/error-text.js'
import { formatDateTime } from '../../shared/format.js'
import type { I18n } from '../../shared/i18n.js'
import { showToast } from '../../shared/toast.js'
import type { Alert, AlertChange, AlertsPage } from './ledger-types.js'
import type { PlaceNames } from './place-names.js'

/** Alerts listed in full on top; more wait behind "N more". */
const SHOWN_ALERTS = 5

/** Kinds that say what state a door is in. */
const DOOR_STATE_KINDS = new Set(['DOOR_HELD_OPEN', 'DOOR_FORCED'])

export function alertKindText(i18n: I18n, kind: string): string {
  return i18n.has(`mon.alert.${kind}`) ? i18n.t(`mon.alert.${kind}`) : kind
}

/** The device an alert is about, in words ("测温仪 thermometer-1"); the hub's own detail text is English, for the ledger. */
function deviceText(i18n: I18n, alert: Alert): string | null {
  if (alert.deviceId === null) return null
  const kind = alert.deviceKind !== null && i18n.has(`mon.device.${alert.deviceKind}`) ? i18n.t(`mon.device.${alert.deviceKind}`) : ''
  return ` · ${kind} ${alert.deviceId}`.replace('  ', ' ')
}

/** One alert: what, where, who, since when, how often, and whether someone has seen to it. */
export function alertSummary(i18n: I18n, alert: Alert, names: PlaceNames): Child[] {
  const since = formatDateTime(i18n, Date.parse(alert.raisedAt))
  return [
    h('div', { class: 'alert-what' }, h('span', { class: `badge ${alert.severity === 'critical' ? 'bad' : 'warn'}` }, i18n.t(`mon.severity.${alert.severity}`)), ' ', h('strong', {}, alertKindText(i18n, alert.kind))),
    h('div', { class: 'alert-where' }, names.where(alert.edgeId, alert.doorId), alert.personName === null ? null : ` · ${alert.personName}`),
    h(
      'div',
      { class: 'muted alert-when' },
      i18n.t('mon.alert.since', { at: since }),
      alert.occurrences > 1 ? ` · ${i18n.t('mon.alert.occurrences', { count: alert.occurrences })}` : null,
      deviceText(i18n, alert),
    ),
    alert.acknowledged === null ? null : h('div', { class: 'alert-acknowledged', 'data-acknowledged': '' }, i18n.t('mon.alert.acknowledgedBy', { name: alert.acknowledged.name, at: formatDateTime(i18n, Date.parse(alert.acknowledged.at)) })),
  ]
}

/**
 * The open alerts, most serious and newest first, on top of the dashboard: raised, repeated,
 * cleared and acknowledged as the hub announces it. Acknowledging closes a one-off alert; a
 * condition (a gate offline, a door held open) stays until the gate reports it over, marked as seen.
 */
export class AlertPanel {
  readonly element: HTMLElement
  readonly #list = h('ul', { class: 'alert-list' })
  readonly #open = new Map<string, Alert>()
  readonly #i18n: I18n
  readonly #api: ApiClient
  readonly #names: PlaceNames
  readonly #onChange: () => void
  #isMoreOpen = false

  constructor(i18n: I18n, api: ApiClient, names: PlaceNames, onChange: () => void) {
    this.#i18n = i18n
    this.#api = api
    this.#names = names
    this.#onChange = onChange
    this.element = h('section', { class: 'alert-panel', 'data-alerts': '', 'aria-label': i18n.t('mon.alerts.title') }, h('h2', {}, i18n.t('mon.alerts.title')), this.#list)
  }

  async load(): Promise<void> {
    try {
      const page = await this.#api.get<AlertsPage>('/api/alerts', { state: 'open', limit: 200 })
      this.#open.clear()
      for (const alert of page.alerts) this.#open.set(alert.id, alert)
      this.#render()
    } catch (error) {
      replaceChildren(this.#list, h('li', { class: 'form-error', role: 'alert' }, errorText(this.#i18n, error)))
    }
  }

  apply(change: AlertChange): void {
    const { alert } = change
    if (alert.clearedAt !== null) this.#open.delete(alert.id)
    else this.#open.set(alert.id, alert)
    this.#render()
  }

  /** Open door-state alerts by door id, for the checkpoint tiles. */
  doorAlerts(): Map<string, string[]> {
    const byDoor = new Map<string, string[]>()
    for (const alert of this.#open.values()) {
      if (alert.doorId === null || !DOOR_STATE_KINDS.has(alert.kind)) continue
      byDoor.set(alert.doorId, [...(byDoor.get(alert.doorId) ?? []), alert.kind])
    }
    return byDoor
  }

  #render(): void {
    const i18n = this.#i18n
    const alerts = [...this.#open.values()].sort((a, b) => (a.severity === b.severity ? b.seq - a.seq : a.severity === 'critical' ? -1 : 1))
    if (alerts.length === 0) replaceChildren(this.#list, h('li', { class: 'muted alert-none', 'data-no-alerts': '' }, i18n.t('mon.alerts.none')))
    else if (alerts.length <= SHOWN_ALERTS) replaceChildren(this.#list, alerts.map((alert) => this.#row(alert)))
    else {
      // The tiles stay in sight: the rest of a long list waits behind one line.
      const rest = alerts.slice(SHOWN_ALERTS)
      const more = h('details', { class: 'alert-more', open: this.#isMoreOpen }, h('summary', {}, i18n.t('mon.alerts.more', { count: rest.length })), h('ul', { class: 'alert-list' }, rest.map((alert) => this.#row(alert))))
      more.addEventListener('toggle', () => (this.#isMoreOpen = more.open))
      replaceChildren(this.#list, alerts.slice(0, SHOWN_ALERTS).map((alert) => this.#row(alert)), h('li', {}, more))
    }
    this.#onChange()
  }

  #row(alert: Alert): HTMLElement {
    const i18n = this.#i18n
    const button = h('button', { type: 'button', class: 'big', 'data-action': 'acknowledge' }, i18n.t('mon.alert.acknowledge'))
    button.addEventListener('click', () => void this.#acknowledge(alert, button))
    return h(
      'li',
      { class: `alert-row ${alert.severity}`, 'data-alert-id': alert.id, 'data-kind': alert.kind },
      h('div', { class: 'alert-text' }, alertSummary(i18n, alert, this.#names)),
      alert.acknowledged === null ? button : null,
    )
  }

  async #acknowledge(alert: Alert, button: HTMLButtonElement): Promise<void> {
    button.disabled = true
    try {
      this.apply({ change: 'acknowledged', alert: await this.#api.post<Alert>(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`, {}) })
      showToast(this.#i18n.t('mon.alert.acknowledged'))
    } catch (error) {
      button.disabled = false
      showToast(errorText(this.#i18n, error))
    }
  }
}
