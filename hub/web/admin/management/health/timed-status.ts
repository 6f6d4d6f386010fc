import { h } from '../../../shared/dom.js'
import type { I18n } from '../../../shared/i18n.js'
import type { TimedStatus } from './health-views.js'

/** "还剩 5 天" for an order in force, else its status: upcoming, ended, ended early. */
export function timedStatusBadge(i18n: I18n, order: { readonly status: TimedStatus; readonly daysLeft?: number }): HTMLElement {
  const kind = order.status === 'in-force' ? 'badge bad' : order.status === 'upcoming' ? 'badge warn' : 'badge'
  const text = order.status === 'in-force' && order.daysLeft !== undefined ? i18n.t('health.daysLeft', { days: order.daysLeft }) : i18n.t(`health.status.${order.status}`)
  return h('span', { class: kind, 'data-status': order.status }, text)
}
