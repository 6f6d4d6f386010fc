import { h, type Child } from './dom.js'
import type { I18n } from './i18n.js'

export interface Column<Row> {
  /** Text key of the header. */
  readonly label: string
  readonly cell: (row: Row) => Child
  /** Extra class for the cell, e.g. `num` (right-aligned figures). */
  readonly className?: string
}

export interface TableSpec<Row> {
  readonly columns: readonly Column<Row>[]
  readonly rows: readonly Row[]
  /** Makes each row a link-like target (Enter/Space/click). */
  readonly onRowClick?: (row: Row) => void
  /** `data-row` attribute of each row, for tests and deep links. */
  readonly rowKey?: (row: Row) => string
}

/**
 * A table that stays readable on a phone: on narrow screens each row becomes a card with the
 * header as each value's caption (the stylesheet reads `data-label`).
 */
export function dataTable<Row>(i18n: I18n, spec: TableSpec<Row>): HTMLElement {
  if (spec.rows.length === 0) return h('p', { class: 'muted empty' }, i18n.t('state.empty'))
  const labels = spec.columns.map((column) => i18n.t(column.label))
  return h(
    'table',
    { class: spec.onRowClick === undefined ? 'data' : 'data clickable' },
    h('thead', {}, h('tr', {}, labels.map((label) => h('th', { scope: 'col' }, label)))),
    h(
      'tbody',
      {},
      spec.rows.map((row) => {
        const open = spec.onRowClick === undefined ? null : () => spec.onRowClick?.(row)
        return h(
          'tr',
          {
            'data-row': spec.rowKey?.(row) ?? null,
            tabindex: open === null ? null : 0,
            onclick: open ?? undefined,
            onkeydown: open === null ? undefined : (event: Event) => {
              const key = (event as KeyboardEvent).key
              if (key === 'Enter' || key === ' ') {
                event.preventDefault()
                open()
              }
            },
          },
          spec.columns.map((column, index) => h('td', { 'data-label': labels[index] ?? '', class: column.className ?? null }, column.cell(row))),
        )
      }),
    ),
  )
}
