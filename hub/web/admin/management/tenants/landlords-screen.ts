import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import type { FieldSpec } from '../../../shared/form-view.js'
import { formView } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { PERSONAL_DATA_ERROR_FIELDS, personalDataProblems } from '../shared/personal-data-check.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { LandlordView, Page } from './tenant-views.js'
import { TENANT_TABS } from './tenant-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'
import { openDeleteDialog } from '../shared/delete-dialog.js'

function landlordFields(landlord: LandlordView | null): FieldSpec[] {
  return [
    { name: 'displayName', label: 'tenants.landlord.name', isRequired: true, maxLength: 64, value: landlord?.displayName ?? null },
    { name: 'phone', label: 'people.phone', kind: 'tel', maxLength: 32, hint: landlord === null ? 'people.phone.hint' : 'people.keepIfEmpty', ...(landlord?.phone != null && { placeholder: landlord.phone }) },
    { name: 'idNumber', label: 'people.idNumber', maxLength: 32, hint: landlord === null ? 'people.idNumber.hint' : 'people.keepIfEmpty', ...(landlord?.idNumber != null && { placeholder: landlord.idNumber }) },
  ]
}

/** Register a landlord, or change one (name; phone and ID number only when typed: they are shown masked). */
function openLandlordDialog(context: ScreenContext, landlord: LandlordView | null, onSaved: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: landlord === null ? 'new-landlord' : 'edit-landlord',
    title: landlord === null ? 'tenants.landlord.new' : 'tenants.landlord.edit',
    fields: landlordFields(landlord),
    submitLabel: 'action.save',
    errorFields: PERSONAL_DATA_ERROR_FIELDS,
    check: (values) => personalDataProblems(values),
    onSubmit: async (values) => {
      if (landlord === null) await api.post('/api/landlords', values)
      else await api.patch(`/api/landlords/${encodeURIComponent(landlord.id)}`, values)
      showToast(i18n.t('state.saved'))
      onSaved()
    },
  })
}

/**
 * Landlords (房东) and how many tenants each has declared (verified, waiting). Grid staff and the
 * admin register them; a landlord's row opens their declarations.
 */
export async function landlordsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const name = hashQuery().get('name') ?? ''
  const rerender = () => void landlordsScreen(context)
  await loadScreen(
    context,
    'landlords',
    i18n.t('tenants.landlords.title'),
    () => api.get<Page<LandlordView>>('/api/landlords', { name, limit: 200 }),
    (landlords) => {
      const search = formView(i18n, {
        fields: [{ name: 'name', label: 'tenants.landlord.name', value: name, maxLength: 64 }],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/landlords', { name: String(values.name ?? '') }), rerender),
      })
      const remove = (landlord: LandlordView) =>
        openDeleteDialog(context, { name: 'delete-landlord', title: 'tenants.landlord.delete', what: landlord.displayName, path: `/api/landlords/${encodeURIComponent(landlord.id)}`, onDeleted: rerender })
      return [
        sectionTabs(context, TENANT_TABS),
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'new-landlord', onclick: () => openLandlordDialog(context, null, rerender) }, i18n.t('tenants.landlord.new'))),
        h('div', { class: 'card search-card' }, search.element),
        dataTable(i18n, {
          columns: [
            { label: 'tenants.landlord.name', cell: (landlord) => h('a', { href: hashLink('/tenants', { landlordId: landlord.id }) }, landlord.displayName) },
            { label: 'people.phone', cell: (landlord) => landlord.phone ?? '—' },
            { label: 'tenants.landlord.tenants', cell: (landlord) => i18n.t('tenants.landlord.counts', { active: landlord.activeTenantCount, pending: landlord.pendingTenantCount }) },
            {
              label: 'management.actions',
              cell: (landlord) => [
                h('button', { type: 'button', 'data-action': 'edit-landlord', onclick: () => openLandlordDialog(context, landlord, rerender) }, i18n.t('action.edit')),
                account.role === 'admin' ? h('button', { type: 'button', class: 'quiet', onclick: () => remove(landlord) }, i18n.t('action.delete')) : null,
              ],
            },
          ],
          rows: landlords.items,
          rowKey: (landlord) => landlord.id,
        }),
      ]
    },
  )
}
