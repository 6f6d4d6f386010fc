import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formView } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { CredentialView } from './access-views.js'
import { credentialColumns } from './credentials-panel.js'

const PAGE_SIZE = 100

interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

/**
 * Every card, entry pass, PIN and phone (a grid manager: their grid's), with where each was
 * last used — the page for "whose card was used at the north gate last night?". A row opens its
 * holder, where it is revoked or bound.
 */
export async function credentialsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const query = hashQuery()
  const kind = query.get('kind') ?? ''
  const status = query.get('status') ?? 'active'
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0)
  const rerender = () => void credentialsScreen(context)
  await loadScreen(
    context,
    'credentials',
    i18n.t('credentials.all'),
    () => api.get<Page<CredentialView>>('/api/credentials', { kind, status, limit: PAGE_SIZE, offset }),
    (credentials) => {
      const filters = formView(i18n, {
        fields: [
          { name: 'kind', label: 'credentials.search.kind', kind: 'select', value: kind, options: (['card', 'entry-pass', 'pin', 'phone', 'visitor'] as const).map((value) => ({ value, label: i18n.t(`credentials.kind.${value}`) })) },
          { name: 'status', label: 'credentials.search.status', kind: 'select', value: status, options: (['active', 'revoked'] as const).map((value) => ({ value, label: i18n.t(`credentials.status.${value}`) })) },
        ],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/credentials', { kind: String(values.kind ?? ''), status: String(values.status ?? '') }), rerender),
      })
      const pageLink = (to: number) => hashLink('/credentials', { kind, status, offset: to === 0 ? null : to })
      return [
        h('div', { class: 'card search-card' }, filters.element),
        h('p', { class: 'muted' }, i18n.t('credentials.total', { total: credentials.total })),
        dataTable(i18n, {
          columns: [{ label: 'credentials.holder', cell: (credential: CredentialView) => credential.personName }, ...credentialColumns(i18n)],
          rows: credentials.items,
          rowKey: (credential) => credential.id,
          onRowClick: (credential) => {
            location.hash = `#/residents/${credential.personId}`
          },
        }),
        h(
          'div',
          { class: 'pager' },
          offset > 0 ? h('a', { class: 'button', href: pageLink(Math.max(0, offset - PAGE_SIZE)) }, i18n.t('people.page.previous')) : null,
          offset + PAGE_SIZE < credentials.total ? h('a', { class: 'button', href: pageLink(offset + PAGE_SIZE) }, i18n.t('people.page.next')) : null,
        ),
      ]
    },
  )
}
