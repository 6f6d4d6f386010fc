import { dataTable, type Column } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formatDate, formatDateTime } from '../../../shared/format.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { asyncPanel } from '../shared/async-panel.js'
import type { CredentialView, PhoneKeyView } from './access-views.js'
import { openBindDialog, openIssueDialog, openRevokeDialog } from './credential-dialogs.js'

interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

/** "North gate · 11-23 08:15", or "never used". */
export function lastUsedText(i18n: I18n, credential: Pick<CredentialView, 'lastUsedAtMs' | 'lastUsedDoorName' | 'lastUsedDoorId'>): string {
  if (credential.lastUsedAtMs === null) return i18n.t('credentials.neverUsed')
  return `${credential.lastUsedDoorName ?? credential.lastUsedDoorId ?? '—'} · ${formatDateTime(i18n, credential.lastUsedAtMs)}`
}

function validityText(i18n: I18n, credential: CredentialView): string {
  if (credential.validUntilMs === null) return i18n.t('credentials.noEnd')
  return i18n.t('credentials.until', { date: formatDate(i18n, credential.validUntilMs - 1) })
}

/** The columns every credential list shares: kind, what staff may see of it, status, validity, last use. */
export function credentialColumns(i18n: I18n): Column<CredentialView>[] {
  return [
    { label: 'credentials.kindLabel', cell: (credential) => i18n.t(`credentials.kind.${credential.kind}`) },
    { label: 'credentials.reference', cell: (credential) => credential.lookupKey ?? credential.maskedReference },
    {
      label: 'credentials.status',
      cell: (credential) => h('span', { class: credential.status === 'active' ? 'badge ok' : 'badge bad', 'data-status': credential.status }, i18n.t(`credentials.status.${credential.status}`)),
    },
    { label: 'credentials.validity', cell: (credential) => validityText(i18n, credential) },
    { label: 'credentials.lastUsed', cell: (credential) => h('span', { 'data-last-used': credential.lastUsedDoorId ?? '' }, lastUsedText(i18n, credential)) },
  ]
}

/**
 * A person's cards, passes, PIN and phone credentials on their page: issue a card, an entry pass
 * or a PIN, bind a pass to one of their phones, revoke — and where each was last used.
 */
export function credentialsPanel(context: ScreenContext, person: { readonly id: string; readonly displayName: string }, mayManage: boolean): HTMLElement {
  const { i18n, api } = context
  return asyncPanel(i18n, { name: 'credentials', title: 'credentials.title' }, async (reload) => {
    const [credentials, phones] = await Promise.all([
      api.get<Page<CredentialView>>('/api/credentials', { personId: person.id, limit: 200 }),
      mayManage ? api.get<Page<PhoneKeyView>>('/api/phone-keys', { personId: person.id, status: 'active', limit: 50 }) : Promise.resolve({ items: [], total: 0 }),
    ])
    const actions: Column<CredentialView>[] = [
      {
        label: 'credentials.actions',
        cell: (credential) =>
          credential.status !== 'active' || !mayManage
            ? null
            : [
                credential.kind === 'entry-pass'
                  ? h('button', { type: 'button', 'data-action': 'bind', onclick: () => openBindDialog(context, credential, phones.items, reload) }, i18n.t(credential.boundPhoneKeyId === null ? 'credentials.bind' : 'credentials.rebind'))
                  : null,
                h('button', { type: 'button', class: 'quiet', 'data-action': 'revoke', onclick: () => openRevokeDialog(context, credential, reload) }, i18n.t('credentials.revoke')),
              ],
      },
    ]
    return [
      mayManage
        ? h(
            'div',
            { class: 'toolbar' },
            (['card', 'entry-pass', 'pin'] as const).map((kind) =>
              h('button', { type: 'button', class: kind === 'card' ? 'big primary' : 'big', 'data-action': `issue-${kind}`, onclick: () => openIssueDialog(context, person, kind, reload) }, i18n.t(`credentials.issue.${kind}`)),
            ),
          )
        : null,
      dataTable(i18n, { columns: [...credentialColumns(i18n), ...actions], rows: credentials.items, rowKey: (credential) => credential.id }),
    ]
  })
}
