import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formatDateTime } from '../../../shared/format.js'
import { formView } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { DeclarationStatus, DeclarationView, Page } from './tenant-views.js'
import { TENANT_TABS } from './tenant-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'

const STATUSES: readonly DeclarationStatus[] = ['pending', 'verified', 'rejected', 'ended']

function statusBadge(i18n: I18n, status: DeclarationStatus): HTMLElement {
  const kind = status === 'pending' ? 'badge warn' : status === 'verified' ? 'badge ok' : 'badge'
  return h('span', { class: kind, 'data-status': status }, i18n.t(`tenants.status.${status}`))
}

/** One decision on a declaration: verify (note optional), reject (why, required), end the tenancy. */
function openDecisionDialog(context: ScreenContext, declaration: DeclarationView, decision: 'verify' | 'reject' | 'end', onDecided: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: `${decision}-declaration`,
    title: `tenants.${decision}`,
    intro: h('p', {}, i18n.t(`tenants.${decision}.intro`, { tenant: declaration.personName, landlord: declaration.landlordName, home: `${declaration.buildingName} ${declaration.unitName} ${declaration.room}` })),
    fields: [{ name: 'note', label: decision === 'reject' ? 'tenants.rejectReason' : 'management.note', isRequired: decision === 'reject', maxLength: 200 }],
    submitLabel: `tenants.${decision}`,
    onSubmit: async (values) => {
      await api.post(`/api/tenant-declarations/${encodeURIComponent(declaration.id)}/${decision}`, values)
      showToast(i18n.t(`tenants.${decision}.done`, { tenant: declaration.personName }))
      onDecided()
    },
  })
}

/**
 * Tenant declarations (story 7), pending first: the landlord declares, grid staff call the
 * tenant and verify (the tenant becomes active, which feeds the gates) or reject; either ends a
 * tenancy. A landlord sees their own — on a phone too: the table becomes cards.
 */
export async function declarationsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const query = hashQuery()
  const status = query.get('status') ?? ''
  const landlordId = query.get('landlordId') ?? ''
  const isGridStaff = account.role === 'admin' || account.role === 'grid-manager'
  const rerender = () => void declarationsScreen(context)
  await loadScreen(
    context,
    'tenants',
    i18n.t(account.role === 'landlord' ? 'tenants.mine' : 'tenants.title'),
    () => api.get<Page<DeclarationView>>('/api/tenant-declarations', { status, landlordId: isGridStaff ? landlordId : '', limit: 200 }),
    (declarations) => {
      const filters = formView(i18n, {
        fields: [{ name: 'status', label: 'tenants.statusLabel', kind: 'select', value: status, options: STATUSES.map((value) => ({ value, label: i18n.t(`tenants.status.${value}`) })) }],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/tenants', { status: String(values.status ?? ''), landlordId }), rerender),
      })
      const actions = (declaration: DeclarationView) => {
        const button = (decision: 'verify' | 'reject' | 'end', kind = '') => h('button', { type: 'button', class: kind, 'data-action': decision, onclick: () => openDecisionDialog(context, declaration, decision, rerender) }, i18n.t(`tenants.${decision}`))
        const isOpen = declaration.status === 'pending' || declaration.status === 'verified'
        return [isGridStaff && declaration.status === 'pending' ? [button('verify', 'ok'), button('reject')] : null, isOpen ? button('end', 'quiet') : null]
      }
      return [
        sectionTabs(context, TENANT_TABS),
        h('div', { class: 'toolbar' }, h('a', { class: 'button big primary', 'data-action': 'declare', href: '#/tenants/new' }, i18n.t('tenants.declare'))),
        h('div', { class: 'card search-card' }, filters.element),
        dataTable(i18n, {
          columns: [
            { label: 'tenants.tenant', cell: (declaration) => (isGridStaff ? h('a', { href: `#/residents/${declaration.personId}` }, declaration.personName) : declaration.personName) },
            { label: 'people.home', cell: (declaration) => `${declaration.buildingName} ${declaration.unitName} ${declaration.room}` },
            { label: 'tenants.landlord', cell: (declaration) => declaration.landlordName },
            { label: 'tenants.declaredAt', cell: (declaration) => formatDateTime(i18n, declaration.declaredAtMs) },
            { label: 'tenants.statusLabel', cell: (declaration) => [statusBadge(i18n, declaration.status), declaration.note === null ? null : h('div', { class: 'muted' }, declaration.note)] },
            { label: 'management.actions', cell: actions },
          ],
          rows: declarations.items,
          rowKey: (declaration) => declaration.id,
        }),
      ]
    },
  )
}
