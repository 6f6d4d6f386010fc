import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formatDateTime } from '../../../shared/format.js'
import { formView } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { MedicalExceptionView, ObservationOrderView } from './health-views.js'
import { orderActions, orderPeriod } from './observation-panel.js'
import { defaultObservationDays, openEndNowDialog, openPlaceBuildingDialog } from './order-dialogs.js'
import { subjectLabels, subjectLink } from './subject-labels.js'
import { timedStatusBadge } from './timed-status.js'
import { HEALTH_TABS } from './health-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'

interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

const STATES = ['current', 'in-force', 'upcoming', 'ended'] as const

/** Medical exceptions under way: who, when, approved by whom, and "end now" (back home). */
function exceptionsTable(context: ScreenContext, exceptions: readonly MedicalExceptionView[], label: (personId: string) => string, onChanged: () => void): HTMLElement {
  const { i18n } = context
  const endNow = (exception: MedicalExceptionView) =>
    openEndNowDialog(context, { name: 'end-exception', title: 'health.exception.end', intro: i18n.t('health.exception.endIntro', { name: label(exception.personId) }), path: `/api/medical-exceptions/${encodeURIComponent(exception.id)}/end` }, onChanged)
  return dataTable(i18n, {
    columns: [
      { label: 'health.who', cell: (exception) => h('a', { href: subjectLink('person', exception.personId) }, label(exception.personId)) },
      { label: 'health.period.label', cell: (exception) => `${formatDateTime(i18n, exception.startsAtMs)} – ${formatDateTime(i18n, exception.endsAtMs)}` },
      { label: 'health.exception.approvedBy', cell: (exception) => exception.approvedBy },
      { label: 'health.statusLabel', cell: (exception) => timedStatusBadge(i18n, exception) },
      { label: 'management.actions', cell: (exception) => h('button', { type: 'button', onclick: () => endNow(exception) }, i18n.t('health.exception.end')) },
    ],
    rows: exceptions,
    rowKey: (exception) => exception.id,
  })
}

/**
 * Home observation (居家观察) at a glance: every order in force or coming, on whom, until when,
 * days left — release early, extend — and the medical exceptions under way. A building is
 * placed from here; a person or household from their own page.
 */
export async function observationScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const state = hashQuery().get('state') ?? 'current'
  const rerender = () => void observationScreen(context)
  await loadScreen(
    context,
    'observation',
    i18n.t('health.observation.title'),
    async () => {
      const [orders, exceptions, buildings, days] = await Promise.all([
        api.get<Page<ObservationOrderView>>('/api/observation-orders', { state, limit: 200 }),
        api.get<Page<MedicalExceptionView>>('/api/medical-exceptions', { state: 'current', limit: 200 }),
        api.get<{ items: { id: string; name: string }[] }>('/api/buildings'),
        defaultObservationDays(context),
      ])
      const labels = await subjectLabels(api, [...orders.items, ...exceptions.items.map((exception) => ({ subjectKind: 'person' as const, subjectId: exception.personId }))])
      return { orders, exceptions: exceptions.items, buildings: buildings.items, labels, days }
    },
    ({ orders, exceptions, buildings, labels, days }) => {
      const label = (id: string) => labels.get(id) ?? id
      const filters = formView(i18n, {
        fields: [{ name: 'state', label: 'health.statusLabel', kind: 'select', isRequired: true, value: state, options: STATES.map((value) => ({ value, label: i18n.t(`health.state.${value}`) })) }],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/observation', { state: String(values.state) }), rerender),
      })
      return [
        sectionTabs(context, HEALTH_TABS),
        h('p', { class: 'muted' }, i18n.t('health.observation.intro')),
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big', 'data-action': 'place-building', onclick: () => openPlaceBuildingDialog(context, buildings, days, rerender) }, i18n.t('health.observation.placeBuilding'))),
        h('div', { class: 'card search-card' }, filters.element),
        h('p', { class: 'muted' }, i18n.t('health.observation.total', { total: orders.total })),
        dataTable(i18n, {
          columns: [
            { label: 'health.who', cell: (order) => h('a', { href: subjectLink(order.subjectKind, order.subjectId) }, label(order.subjectId)) },
            { label: 'health.on', cell: (order) => i18n.t(`health.subject.${order.subjectKind}`) },
            { label: 'health.period.label', cell: (order) => orderPeriod(i18n, order) },
            { label: 'health.statusLabel', cell: (order) => timedStatusBadge(i18n, order) },
            { label: 'management.reason', cell: (order) => order.reason },
            { label: 'management.actions', cell: (order) => orderActions(context, order, label(order.subjectId), rerender) },
          ],
          rows: orders.items,
          rowKey: (order) => order.id,
        }),
        h('h2', {}, i18n.t('health.exception.title')),
        exceptionsTable(context, exceptions, label, rerender),
      ]
    },
  )
}
