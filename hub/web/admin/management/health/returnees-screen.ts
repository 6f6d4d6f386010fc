import { dataTable } from '../../../shared/data-table.js'
import { h } from '../../../shared/dom.js'
import { formatDate, formatDateTime } from '../../../shared/format.js'
import type { I18n } from '../../../shared/i18n.js'
import type { RouteParams } from '../../../shared/router.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { homeText } from '../people/people-views.js'
import { factList } from '../shared/fact-list.js'
import { hashLink, hashQuery } from '../shared/hash-query.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { ReturneeView } from './health-views.js'
import { HEALTH_TABS } from './health-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'

const PAGE_SIZE = 50
const HEALTH_ANSWERS = ['hasFever', 'hasRespiratorySymptoms', 'hasContactWithCases', 'hasVisitedRiskArea'] as const

interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

/** "火车 G1234" — how they travelled, in words, with the train, flight or plate. */
function transportText(i18n: I18n, returnee: ReturneeView): string {
  const mode = i18n.t(`returnees.transport.${returnee.transport.mode}`)
  return returnee.transport.detail === undefined ? mode : `${mode} ${returnee.transport.detail}`
}

function healthBadge(i18n: I18n, returnee: ReturneeView): HTMLElement {
  return h('span', { class: returnee.hasHealthConcern ? 'badge bad' : 'badge ok', 'data-concern': String(returnee.hasHealthConcern) }, i18n.t(returnee.hasHealthConcern ? 'returnees.concern' : 'returnees.noConcern'))
}

/** Returnee registrations (四问四登记), newest first; a grid manager sees their grid's. Registering happens at the gate (staff view). */
export async function returneesScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const offset = Math.max(0, Number(hashQuery().get('offset') ?? 0) || 0)
  await loadScreen(
    context,
    'returnees',
    i18n.t('returnees.title'),
    () => api.get<Page<ReturneeView>>('/api/returnees', { limit: PAGE_SIZE, offset }),
    (returnees) => [
      sectionTabs(context, HEALTH_TABS),
      h('p', { class: 'muted' }, i18n.t('returnees.total', { total: returnees.total })),
      dataTable(i18n, {
        columns: [
          { label: 'people.name', cell: (returnee) => returnee.personName },
          { label: 'people.home', cell: (returnee) => homeText(returnee) },
          { label: 'returnees.cameFrom', cell: (returnee) => returnee.cameFrom },
          { label: 'returnees.arrivedOn', cell: (returnee) => returnee.arrivedOn },
          { label: 'returnees.transport', cell: (returnee) => transportText(i18n, returnee) },
          { label: 'returnees.health', cell: (returnee) => healthBadge(i18n, returnee) },
          { label: 'returnees.observationUntil', cell: (returnee) => (returnee.observationEndsAtMs === null ? '—' : formatDate(i18n, returnee.observationEndsAtMs - 1)) },
        ],
        rows: returnees.items,
        rowKey: (returnee) => returnee.id,
        onRowClick: (returnee) => {
          location.hash = `#/returnees/${returnee.id}`
        },
      }),
      h(
        'div',
        { class: 'pager' },
        offset > 0 ? h('a', { class: 'button', href: hashLink('/returnees', { offset: Math.max(0, offset - PAGE_SIZE) || null }) }, i18n.t('people.page.previous')) : null,
        offset + PAGE_SIZE < returnees.total ? h('a', { class: 'button', href: hashLink('/returnees', { offset: offset + PAGE_SIZE }) }, i18n.t('people.page.next')) : null,
      ),
    ],
  )
}

/** One registration: the four questions as answered (where from, when, how, health), and the observation it placed. */
export async function returneeScreen(context: ScreenContext, params: RouteParams): Promise<void> {
  const { i18n, api } = context
  await loadScreen(
    context,
    'returnee',
    i18n.t('returnees.one'),
    () => api.get<ReturneeView>(`/api/returnees/${encodeURIComponent(params.returneeId ?? '')}`),
    (returnee) => [
      h('h2', {}, h('a', { href: `#/residents/${returnee.personId}` }, returnee.personName), ' ', healthBadge(i18n, returnee)),
      h(
        'div',
        { class: 'card' },
        factList(i18n, [
          ['home', 'people.home', homeText(returnee)],
          ['cameFrom', 'returnees.q1', returnee.cameFrom],
          ['arrivedOn', 'returnees.q2', returnee.arrivedOn],
          ['transport', 'returnees.q3', transportText(i18n, returnee)],
          ...HEALTH_ANSWERS.map((answer) => [answer, `returnees.q4.${answer}`, i18n.t(returnee.health[answer] ? 'returnees.yes' : 'returnees.no')] as const),
          ['note', 'returnees.note', returnee.health.note ?? '—'],
          ['registeredAt', 'returnees.registeredAt', formatDateTime(i18n, returnee.registeredAtMs)],
          ['observation', 'returnees.observationUntil', returnee.observationEndsAtMs === null ? i18n.t('returnees.noObservation') : formatDate(i18n, returnee.observationEndsAtMs - 1)],
        ]),
      ),
    ],
  )
}
