import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formView } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { LockdownView } from './health-views.js'
import { orderPeriod } from './observation-panel.js'
import { defaultObservationDays, openEndNowDialog, openExtendDialog } from './order-dialogs.js'
import { timedStatusBadge } from './timed-status.js'
import { HEALTH_TABS } from './health-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'

interface Page<T> {
  readonly items: readonly T[]
}

const STATES = ['current', 'in-force', 'upcoming', 'ended'] as const

/**
 * Sealed buildings (封楼): seal a building (its doors refuse everyone but lockdown-exempt
 * staff), see days left, lift early, extend. The admin decides; grid managers and staff read.
 */
export async function lockdownsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const isAdmin = account.role === 'admin'
  const state = hashQuery().get('state') ?? 'current'
  const rerender = () => void lockdownsScreen(context)
  await loadScreen(
    context,
    'lockdowns',
    i18n.t('health.lockdown.title'),
    async () => {
      const [lockdowns, buildings, days] = await Promise.all([
        api.get<Page<LockdownView>>('/api/lockdowns', { state, limit: 200 }),
        api.get<{ items: { id: string; name: string }[] }>('/api/buildings'),
        defaultObservationDays(context),
      ])
      return { lockdowns: lockdowns.items, buildings: buildings.items, days }
    },
    ({ lockdowns, buildings, days }) => {
      const buildingName = (id: string) => buildings.find((building) => building.id === id)?.name ?? id
      const filters = formView(i18n, {
        fields: [{ name: 'state', label: 'health.statusLabel', kind: 'select', isRequired: true, value: state, options: STATES.map((value) => ({ value, label: i18n.t(`health.state.${value}`) })) }],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/lockdowns', { state: String(values.state) }), rerender),
      })
      const seal = () =>
        openFormDialog(i18n, {
          name: 'seal-building',
          title: 'health.lockdown.seal',
          intro: h('p', { class: 'notice' }, i18n.t('health.lockdown.sealIntro')),
          fields: [
            { name: 'buildingId', label: 'people.building', kind: 'select', isRequired: true, options: buildings.map((building) => ({ value: building.id, label: building.name })) },
            { name: 'days', label: 'health.days', kind: 'number', isRequired: true, min: 1, max: 366, step: 1, value: days },
            { name: 'reason', label: 'management.reason', maxLength: 200, placeholder: i18n.t('health.lockdown.reasonExample') },
          ],
          submitLabel: 'health.lockdown.seal',
          errorFields: { UNKNOWN_REFERENCE: 'buildingId', BAD_INTERVAL: 'days' },
          onSubmit: async (values) => {
            await api.post('/api/lockdowns', values)
            showToast(i18n.t('health.lockdown.sealed', { name: buildingName(String(values.buildingId)) }))
            rerender()
          },
        })
      const actions = (lockdown: LockdownView) => {
        if (!isAdmin || lockdown.status === 'ended' || lockdown.status === 'ended-early') return null
        const path = `/api/lockdowns/${encodeURIComponent(lockdown.id)}`
        const name = buildingName(lockdown.buildingId)
        return [
        sectionTabs(context, HEALTH_TABS),
          h('button', { type: 'button', 'data-action': 'lift', onclick: () => openEndNowDialog(context, { name: 'lift-lockdown', title: 'health.lockdown.lift', intro: i18n.t('health.lockdown.liftIntro', { name }), path: `${path}/lift` }, rerender) }, i18n.t('health.lockdown.lift')),
          h('button', { type: 'button', 'data-action': 'extend', onclick: () => openExtendDialog(context, { intro: name, path: `${path}/extend`, endsAtMs: lockdown.endsAtMs }, rerender) }, i18n.t('health.extend')),
        ]
      }
      return [
        isAdmin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big danger', 'data-action': 'seal', onclick: seal }, i18n.t('health.lockdown.seal'))) : null,
        h('div', { class: 'card search-card' }, filters.element),
        dataTable(i18n, {
          columns: [
            { label: 'people.building', cell: (lockdown) => h('a', { href: `#/places/buildings/${lockdown.buildingId}` }, buildingName(lockdown.buildingId)) },
            { label: 'health.period.label', cell: (lockdown) => orderPeriod(i18n, lockdown) },
            { label: 'health.statusLabel', cell: (lockdown) => timedStatusBadge(i18n, lockdown) },
            { label: 'management.reason', cell: (lockdown) => lockdown.reason },
            { label: 'management.actions', cell: actions },
          ],
          rows: lockdowns,
          rowKey: (lockdown) => lockdown.id,
        }),
      ]
    },
  )
}
