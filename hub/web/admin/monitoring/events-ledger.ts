import { apiUrl } from '../../shared/api-client.js'
import { h } from '../../shared/dom.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { eventColumns, personFilterLink } from './event-columns.js'
import { eventsQuery, type LedgerFilters, type LedgerTab } from './ledger-filters.js'
import type { EventsPage, LedgerEvent } from './ledger-types.js'
import { pagedTable } from './paged-table.js'
import type { PlaceNames } from './place-names.js'

const PAGE_SIZE = 100

/**
 * The access events that match the filters, newest first, a page at a time; the CSV export
 * link carries the very same filters (the hub applies them and masks per role as in the list).
 */
export function eventsLedger(context: ScreenContext, names: PlaceNames, tab: LedgerTab, filters: LedgerFilters): HTMLElement {
  const { i18n, api } = context
  const query = eventsQuery(tab, filters)
  const table = pagedTable<LedgerEvent, number>(i18n, {
    columns: eventColumns(i18n, names, (event) => personFilterLink(tab, event)),
    rowKey: (event) => event.id,
    loadPage: async (before) => {
      const page = await api.get<EventsPage>('/api/events', { ...query, limit: PAGE_SIZE, before: before ?? undefined })
      return { rows: page.events, next: page.nextBefore }
    },
  })
  const csv = h('a', { class: 'button', href: apiUrl('/api/events', { ...query, format: 'csv' }), download: '', 'data-action': 'export-csv' }, i18n.t('action.export'))
  return h('div', { class: 'events-ledger', 'data-ledger': tab }, h('div', { class: 'ledger-actions' }, csv), table.element)
}
