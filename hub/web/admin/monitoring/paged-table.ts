import { h, replaceChildren } from '../../shared/dom.js'
import { dataTable, type Column } from '../../shared/data-table.js'
import { errorText } from '../../shared/error-text.js'
import type { I18n } from '../../shared/i18n.js'

export interface Page<Row, Cursor> {
  readonly rows: readonly Row[]
  /** Where the next page starts; null at the end. */
  readonly next: Cursor | null
}

export interface PagedTableSpec<Row, Cursor> {
  readonly columns: readonly Column<Row>[]
  readonly rowKey: (row: Row) => string
  /** The first page (cursor null), then each next one. */
  readonly loadPage: (cursor: Cursor | null) => Promise<Page<Row, Cursor>>
}

export interface PagedTable<Row> {
  readonly element: HTMLElement
  /** Every row loaded so far (for a CSV of what is on screen). */
  rows(): readonly Row[]
}

/** A ledger table that loads its first page at once and more with "load more" (newest first, nothing skipped). */
export function pagedTable<Row, Cursor>(i18n: I18n, spec: PagedTableSpec<Row, Cursor>): PagedTable<Row> {
  const rows: Row[] = []
  const tableArea = h('div', { class: 'paged-table' }, h('p', { class: 'muted' }, i18n.t('state.loading')))
  const more = h('button', { type: 'button', class: 'big', 'data-action': 'load-more', hidden: true }, i18n.t('action.more'))
  const footer = h('div', { class: 'load-more' }, more)
  let cursor: Cursor | null = null
  const load = async () => {
    more.disabled = true
    try {
      const page = await spec.loadPage(cursor)
      rows.push(...page.rows)
      cursor = page.next
      replaceChildren(tableArea, dataTable(i18n, { columns: spec.columns, rows, rowKey: spec.rowKey }))
      more.hidden = cursor === null
    } catch (error) {
      tableArea.append(h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
    } finally {
      more.disabled = false
    }
  }
  more.addEventListener('click', () => void load())
  void load()
  return { element: h('div', {}, tableArea, footer), rows: () => rows }
}
