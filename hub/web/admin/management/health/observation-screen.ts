import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formatDateTime } from '../../../shared/format.js'
import { formView } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { MedicalExceptionView, ObservationOrderView } from './health-views.js'
import { orderActions, orderPeriod } from './observation-panel.js'
import { defaultObservationDays, openEndNowDialog } from './order-dialogs.js'
import { subjectLabels, subjectLink } from './subject-labels.js'
import { timedStatusBadge } from './timed-status.js'
import { HEALTH_TABS } from './health-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'

interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

const STATES = ['current', 'in-force', 'upcoming', 'ended'] as const

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
      const placeBuilding = () =>
        openFormDialog(i18n, {
          name: 'place-building',
          title: 'health.observation.placeBuilding',
          intro: h('p', {}, i18n.t('health.observation.placeBuildingIntro')),
          fields: [
            { name: 'buildingId', label: 'people.building', kind: 'select', isRequired: true, options: buildings.map((building) => ({ value: building.id, label: building.name })) },
            { name: 'days', label: 'health.days', kind: 'number', isRequired: true, min: 1, max: 366, step: 1, value: days, hint: 'health.days.hint' },
            { name: 'reason', label: 'management.reason', maxLength: 200 },
          ],
          submitLabel: 'health.observation.place',
          errorFields: { UNKNOWN_REFERENCE: 'buildingId', BAD_INTERVAL: 'days' },
          onSubmit: async (values) => {
            await api.post('/api/observation-orders', { subjectKind: 'building', subjectId: values.buildingId, days: values.days, ...(values.reason !== undefined && { reason: values.reason }) })
            showToast(i18n.t('state.saved'))
            rerender()
          },
        })
      return [
        sectionTabs(context, HEALTH_TABS),
        h('p', { class: 'muted' }, i18n.t('health.observation.intro')),
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big', 'data-action': 'place-building', onclick: placeBuilding }, i18n.t('health.observation.placeBuilding'))),
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
        dataTable(i18n, {
          columns: [
            { label: 'health.who', cell: (exception) => h('a', { href: subjectLink('person', exception.personId) }, label(exception.personId)) },
            { label: 'health.period.label', cell: (exception) => `${formatDateTime(i18n, exception.startsAtMs)} – ${formatDateTime(i18n, exception.endsAtMs)}` },
            { label: 'health.exception.approvedBy', cell: (exception) => exception.approvedBy },
            { label: 'health.statusLabel', cell: (exception) => timedStatusBadge(i18n, exception) },
            {
              label: 'management.actions',
              cell: (exception) =>
                h(
                  'button',
                  {
                    type: 'button',
                    onclick: () =>
                      openEndNowDialog(context, { name: 'end-exception', title: 'health.exception.end', intro: i18n.t('health.exception.endIntro', { name: label(exception.personId) }), path: `/api/medical-exceptions/${encodeURIComponent(exception.id)}/end` }, rerender),
                  },
                  i18n.t('health.exception.end'),
                ),
            },
          ],
          rows: exceptions,
          rowKey: (exception) => exception.id,
        }),
      ]
    },
  )
}
