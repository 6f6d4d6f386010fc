import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formatDateTime } from '../../../shared/format.js'
import { formView } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { subjectLabels } from '../health/subject-labels.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { Page, VisitorPassView } from './tenant-views.js'
import { TENANT_TABS } from './tenant-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'

/**
 * Visitor passes (story 5): who invited whom, for which building, until when, where the pass
 * was last used — and revoke. Inviting is the resident's (phone app) or the gate's.
 */
export async function visitorPassesScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const status = hashQuery().get('status') ?? 'active'
  const rerender = () => void visitorPassesScreen(context)
  await loadScreen(
    context,
    'visitors',
    i18n.t('tenants.visitors.title'),
    async () => {
      const passes = await api.get<Page<VisitorPassView>>('/api/visitor-passes', { status, limit: 200 })
      const labels = await subjectLabels(api, [
        ...passes.items.map((pass) => ({ subjectKind: 'person' as const, subjectId: pass.hostPersonId })),
        ...passes.items.map((pass) => ({ subjectKind: 'building' as const, subjectId: pass.hostBuildingId })),
      ])
      return { passes, labels }
    },
    ({ passes, labels }) => {
      const filters = formView(i18n, {
        fields: [{ name: 'status', label: 'credentials.status', kind: 'select', isRequired: true, value: status, options: (['active', 'revoked'] as const).map((value) => ({ value, label: i18n.t(`credentials.status.${value}`) })) }],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/visitors', { status: String(values.status) }), rerender),
      })
      const revoke = (pass: VisitorPassView) =>
        openFormDialog(i18n, {
          name: 'revoke-visitor-pass',
          title: 'credentials.revoke',
          intro: h('p', {}, i18n.t('tenants.visitors.revokeIntro', { visitor: pass.visitorName })),
          fields: [{ name: 'reason', label: 'management.reason', maxLength: 200 }],
          submitLabel: 'credentials.revoke',
          onSubmit: async (values) => {
            await api.post(`/api/visitor-passes/${encodeURIComponent(pass.id)}/revoke`, values)
            showToast(i18n.t('credentials.revoked'))
            rerender()
          },
        })
      return [
        sectionTabs(context, TENANT_TABS),
        h('div', { class: 'card search-card' }, filters.element),
        dataTable(i18n, {
          columns: [
            { label: 'tenants.visitors.visitor', cell: (pass) => pass.visitorName },
            { label: 'tenants.visitors.host', cell: (pass) => h('a', { href: `#/residents/${pass.hostPersonId}` }, labels.get(pass.hostPersonId) ?? pass.hostPersonId) },
            { label: 'people.building', cell: (pass) => labels.get(pass.hostBuildingId) ?? pass.hostBuildingId },
            { label: 'credentials.validity', cell: (pass) => `${formatDateTime(i18n, pass.validFromMs)} – ${formatDateTime(i18n, pass.validUntilMs)}` },
            { label: 'credentials.lastUsed', cell: (pass) => (pass.lastUsedAtMs === null ? i18n.t('credentials.neverUsed') : `${pass.lastUsedDoorName ?? '—'} · ${formatDateTime(i18n, pass.lastUsedAtMs)}`) },
            { label: 'management.actions', cell: (pass) => (pass.status === 'active' ? h('button', { type: 'button', class: 'quiet', 'data-action': 'revoke', onclick: () => revoke(pass) }, i18n.t('credentials.revoke')) : null) },
          ],
          rows: passes.items,
          rowKey: (pass) => pass.id,
        }),
      ]
    },
  )
}
