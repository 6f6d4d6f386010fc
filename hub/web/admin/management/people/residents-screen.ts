import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formView } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import { homeText, type BuildingView, type Page, type PersonView } from './people-views.js'

const PAGE_SIZE = 50

/** Role and tie to the household in words: "居民 · 户主". */
export function roleText(i18n: I18n, person: Pick<PersonView, 'role' | 'relation'>): string {
  const role = i18n.t(`people.role.${person.role}`)
  return person.relation === null || person.role === 'staff' ? role : `${role} · ${i18n.t(`people.relation.${person.relation}`)}`
}

/** A badge for anyone who is not simply active (a pending tenant, someone moved out). */
export function statusBadge(i18n: I18n, status: PersonView['status']): HTMLElement | null {
  if (status === 'active') return null
  return h('span', { class: status === 'pending' ? 'badge warn' : 'badge', 'data-status': status }, i18n.t(`people.status.${status}`))
}

/**
 * Residents, tenants and staff: search by name or the last four digits of the phone, narrow to
 * a building or a status, page through, open one. A grid manager gets their own grid only (the
 * hub scopes the list); the admin sees everyone.
 */
export async function residentsScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const query = hashQuery()
  const text = query.get('q') ?? ''
  const buildingId = query.get('buildingId') ?? ''
  const status = query.get('status') ?? ''
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0)
  const search = /^[0-9]{4}$/.test(text) ? { phoneTail: text } : { name: text }
  const rerender = () => void residentsScreen(context)
  await loadScreen(
    context,
    'residents',
    i18n.t('people.residents.title'),
    async () => {
      const [people, buildings] = await Promise.all([
        api.get<Page<PersonView>>('/api/persons', { ...search, buildingId, status, limit: PAGE_SIZE, offset }),
        api.get<{ items: BuildingView[] }>('/api/buildings'),
      ])
      return { people, buildings: buildings.items }
    },
    ({ people, buildings }) => {
      const filters = formView(i18n, {
        fields: [
          { name: 'q', label: 'people.search.label', value: text, maxLength: 64, hint: 'people.search.hint' },
          { name: 'buildingId', label: 'people.building', kind: 'select', value: buildingId, options: buildings.map((building) => ({ value: building.id, label: building.name })) },
          { name: 'status', label: 'people.status', kind: 'select', value: status, options: (['active', 'pending', 'moved-out'] as const).map((value) => ({ value, label: i18n.t(`people.status.${value}`) })) },
        ],
        submitLabel: 'action.search',
        onSubmit: async (values) => goTo(hashLink('/residents', { q: String(values.q ?? ''), buildingId: String(values.buildingId ?? ''), status: String(values.status ?? '') }), rerender),
      })
      const pageLink = (to: number) => hashLink('/residents', { q: text, buildingId, status, offset: to === 0 ? null : to })
      return [
        h(
          'div',
          { class: 'toolbar' },
          h('a', { class: 'button primary big', href: '#/residents/new', 'data-action': 'new-person' }, i18n.t('people.new')),
          account.role === 'admin' ? h('a', { class: 'button big', href: '#/residents/new?staff=1' }, i18n.t('people.newStaff')) : null,
        ),
        h('div', { class: 'card search-card' }, filters.element),
        h('p', { class: 'muted', 'data-total': people.total }, i18n.t('people.residents.total', { total: people.total })),
        dataTable(i18n, {
          columns: [
            { label: 'people.name', cell: (person) => [person.displayName, ' ', statusBadge(i18n, person.status)] },
            { label: 'people.home', cell: (person) => homeText(person) },
            { label: 'people.roleLabel', cell: (person) => roleText(i18n, person) },
            { label: 'people.phone', cell: (person) => person.phone ?? '—' },
          ],
          rows: people.items,
          rowKey: (person) => person.id,
          onRowClick: (person) => {
            location.hash = `#/residents/${person.id}`
          },
        }),
        h(
          'div',
          { class: 'pager' },
          offset > 0 ? h('a', { class: 'button', href: pageLink(Math.max(0, offset - PAGE_SIZE)) }, i18n.t('people.page.previous')) : null,
          offset + PAGE_SIZE < people.total ? h('a', { class: 'button', href: pageLink(offset + PAGE_SIZE) }, i18n.t('people.page.next')) : null,
        ),
      ]
    },
  )
}
