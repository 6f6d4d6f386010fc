import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formatDate, formatDateTime } from '../../../shared/format.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { asyncPanel } from '../shared/async-panel.js'
import type { MedicalExceptionView, ObservationOrderView, ObservationSubject } from './health-views.js'
import { openEndNowDialog, openExtendDialog, openMedicalExceptionDialog, openPlaceObservationDialog } from './order-dialogs.js'
import { timedStatusBadge } from './timed-status.js'

interface Page<T> {
  readonly items: readonly T[]
}

/** Release early and extend, for one order (admin or the subject's grid manager; the hub checks). */
export function orderActions(context: ScreenContext, order: ObservationOrderView, label: string, onChanged: () => void): HTMLElement[] {
  const { i18n } = context
  if (order.status === 'ended' || order.status === 'ended-early') return []
  const path = `/api/observation-orders/${encodeURIComponent(order.id)}`
  return [
    h('button', { type: 'button', 'data-action': 'release', onclick: () => openEndNowDialog(context, { name: 'release-observation', title: 'health.observation.release', intro: i18n.t('health.observation.releaseIntro', { name: label }), path: `${path}/release` }, onChanged) }, i18n.t('health.observation.release')),
    h('button', { type: 'button', 'data-action': 'extend', onclick: () => openExtendDialog(context, { intro: label, path: `${path}/extend`, endsAtMs: order.endsAtMs }, onChanged) }, i18n.t('health.extend')),
  ]
}

export function orderPeriod(i18n: I18n, order: { readonly startsAtMs: number; readonly endsAtMs: number }): string {
  return i18n.t('health.period', { from: formatDate(i18n, order.startsAtMs), to: formatDate(i18n, order.endsAtMs - 1) })
}

/**
 * Home observation on a person's or a household's page: the orders that hold them (their own,
 * their household's, their building's) with days left, release and extend; "place under
 * observation"; and a person's medical exceptions (leave for a hospital visit).
 */
export function observationPanel(context: ScreenContext, subject: ObservationSubject, mayManage: boolean): HTMLElement {
  const { i18n, api } = context
  const isPerson = subject.kind === 'person'
  return asyncPanel(i18n, { name: 'observation', title: 'health.observation.title' }, async (reload) => {
    const query = isPerson ? { appliesToPersonId: subject.id } : { subjectKind: subject.kind, subjectId: subject.id }
    const [orders, exceptions] = await Promise.all([
      api.get<Page<ObservationOrderView>>('/api/observation-orders', { ...query, state: 'current', limit: 50 }),
      isPerson ? api.get<Page<MedicalExceptionView>>('/api/medical-exceptions', { personId: subject.id, state: 'current', limit: 50 }) : Promise.resolve({ items: [] }),
    ])
    const isObserved = orders.items.some((order) => order.status === 'in-force')
    return [
      mayManage
        ? h(
            'div',
            { class: 'toolbar' },
            h('button', { type: 'button', class: 'big', 'data-action': 'place-observation', onclick: () => void openPlaceObservationDialog(context, subject, reload) }, i18n.t('health.observation.place')),
            isPerson && isObserved ? h('button', { type: 'button', class: 'big', 'data-action': 'medical-exception', onclick: () => openMedicalExceptionDialog(context, subject, Date.now(), reload) }, i18n.t('health.exception.grant')) : null,
          )
        : null,
      orders.items.length === 0
        ? h('p', { class: 'muted', 'data-observed': 'false' }, i18n.t('health.observation.none'))
        : dataTable(i18n, {
            columns: [
              { label: 'health.on', cell: (order) => i18n.t(`health.subject.${order.subjectKind}`) },
              { label: 'health.period.label', cell: (order) => orderPeriod(i18n, order) },
              { label: 'health.statusLabel', cell: (order) => timedStatusBadge(i18n, order) },
              { label: 'management.reason', cell: (order) => order.reason },
              { label: 'management.actions', cell: (order) => (mayManage ? orderActions(context, order, subject.label, reload) : null) },
            ],
            rows: orders.items,
            rowKey: (order) => order.id,
          }),
      exceptions.items.length === 0
        ? null
        : h(
            'div',
            { 'data-panel': 'medical-exceptions' },
            h('h3', {}, i18n.t('health.exception.title')),
            exceptions.items.map((exception) =>
              h('p', { 'data-row': exception.id }, `${formatDateTime(i18n, exception.startsAtMs)} – ${formatDateTime(i18n, exception.endsAtMs)} · ${exception.approvedBy} · ${exception.reason} `, timedStatusBadge(i18n, exception)),
            ),
          ),
    ]
  })
}
