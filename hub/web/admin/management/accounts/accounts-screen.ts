import type { ApiClient } from '../../../shared/api-client.js'
import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formView } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import { openAccountDialog, openDisableDialog, openResetPasswordDialog, ROLES, type AccountView, type ScopeChoices } from './account-dialogs.js'

interface Page<T> {
  readonly items: readonly T[]
}

/** Grids, checkpoints and landlords an account can be confined to. */
export async function loadScopeChoices(api: ApiClient): Promise<ScopeChoices> {
  const [grids, edges, landlords] = await Promise.all([
    api.get<{ items: { id: string; name: string }[] }>('/api/grids'),
    api.get<Page<{ id: string; name: string }>>('/api/edges', { limit: 200 }),
    api.get<Page<{ id: string; displayName: string }>>('/api/landlords', { limit: 200 }),
  ])
  return { grids: grids.items, checkpoints: edges.items, landlords: landlords.items.map((landlord) => ({ id: landlord.id, name: landlord.displayName })) }
}

function scopeText(i18n: I18n, account: AccountView, choices: ScopeChoices): string {
  const name = (items: readonly { id: string; name: string }[], id: string | null) => (id === null ? '—' : (items.find((item) => item.id === id)?.name ?? id))
  switch (account.role) {
    case 'grid-manager':
      return name(choices.grids, account.gridId)
    case 'gate-staff':
      return name(choices.checkpoints, account.checkpointEdgeId)
    case 'landlord':
      return name(choices.landlords, account.landlordId)
    case 'resident':
      return account.personId ?? '—'
    default:
      return i18n.t('accounts.scope.everything')
  }
}

function stateBadges(i18n: I18n, account: AccountView): HTMLElement[] {
  const badges: HTMLElement[] = []
  if (account.isDisabled) badges.push(h('span', { class: 'badge bad', 'data-state': 'disabled' }, i18n.t('accounts.disabled')))
  else if (account.mustChangePassword) badges.push(h('span', { class: 'badge warn', 'data-state': 'temporary' }, i18n.t('accounts.mustChange')))
  else badges.push(h('span', { class: 'badge ok', 'data-state': 'active' }, i18n.t('accounts.active')))
  return badges
}

/**
 * Accounts (admin only; the hub refuses everyone else): who may sign in, with which role and
 * scope; create one (its temporary password shown once), change it, disable or enable it, reset
 * its password.
 */
export async function accountsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const query = hashQuery()
  const search = query.get('search') ?? ''
  const role = query.get('role') ?? ''
  const rerender = () => void accountsScreen(context)
  await loadScreen(
    context,
    'accounts',
    i18n.t('accounts.title'),
    async () => {
      const [accounts, choices] = await Promise.all([api.get<{ accounts: AccountView[]; total: number }>('/api/accounts', { search, role, limit: 500 }), loadScopeChoices(api)])
      return { accounts: accounts.accounts, choices }
    },
    ({ accounts, choices }) => {
      const filters = formView(i18n, {
        fields: [
          { name: 'search', label: 'accounts.search', value: search, maxLength: 64 },
          { name: 'role', label: 'accounts.roleLabel', kind: 'select', value: role, options: ROLES.map((value) => ({ value, label: i18n.t(`accounts.role.${value}`) })) },
        ],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/accounts', { search: String(values.search ?? ''), role: String(values.role ?? '') }), rerender),
      })
      return [
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'new-account', onclick: () => openAccountDialog(context, choices, null, null, rerender) }, i18n.t('accounts.new'))),
        h('div', { class: 'card search-card' }, filters.element),
        dataTable(i18n, {
          columns: [
            { label: 'accounts.displayName', cell: (account) => [account.displayName, h('div', { class: 'muted' }, account.username)] },
            { label: 'accounts.roleLabel', cell: (account) => i18n.t(`accounts.role.${account.role}`) },
            { label: 'accounts.scope', cell: (account) => scopeText(i18n, account, choices) },
            { label: 'accounts.state', cell: (account) => stateBadges(i18n, account) },
            {
              label: 'management.actions',
              cell: (account) => [
                h('button', { type: 'button', 'data-action': 'edit-account', onclick: () => openAccountDialog(context, choices, account, null, rerender) }, i18n.t('action.edit')),
                h('button', { type: 'button', 'data-action': 'reset-password', onclick: () => openResetPasswordDialog(context, account, rerender) }, i18n.t('accounts.reset')),
                h('button', { type: 'button', class: 'quiet', 'data-action': account.isDisabled ? 'enable' : 'disable', onclick: () => openDisableDialog(context, account, rerender) }, i18n.t(account.isDisabled ? 'accounts.enable' : 'accounts.disable')),
              ],
            },
          ],
          rows: accounts,
          rowKey: (account) => account.username,
        }),
      ]
    },
  )
}
