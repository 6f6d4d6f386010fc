import { h } from '../../shared/dom.js'
import { formView } from '../../shared/form-view.js'
import { formatDateTime } from '../../shared/format.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../management/shared/hash-query.js'
import { instantRange } from './ledger-filters.js'
import type { AuditEntry, AuditPage } from './ledger-types.js'
import { withLoading } from './monitoring-frame.js'
import { pagedTable } from './paged-table.js'

const PAGE_SIZE = 100
const FILTERS = ['action', 'subjectKind', 'subjectId', 'from', 'to'] as const

function detailText(detail: AuditEntry['detail']): string {
  const text = JSON.stringify(detail)
  return text === '{}' ? '' : text
}

/**
 * The audit log (admin only): every change, who made it and when, newest first, filtered by
 * action, subject and dates, a page at a time. Rows are the hub's own words (action codes).
 */
export async function auditScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  const query = hashQuery()
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>
  await withLoading(context, 'audit', i18n.t('mon.audit.title'), async () => {
    const form = formView(i18n, {
      fields: [
        { name: 'action', label: 'mon.audit.action', maxLength: 100, value: filters.action ?? null, hint: 'mon.audit.actionHint' },
        { name: 'subjectKind', label: 'mon.audit.subjectKind', maxLength: 100, value: filters.subjectKind ?? null, hint: 'mon.audit.subjectKindHint' },
        { name: 'subjectId', label: 'mon.audit.subjectId', maxLength: 100, value: filters.subjectId ?? null },
        { name: 'from', label: 'mon.filter.from', kind: 'date', value: filters.from ?? null },
        { name: 'to', label: 'mon.filter.to', kind: 'date', value: filters.to ?? null },
      ],
      submitLabel: 'action.search',
      check: (values) => (typeof values.from === 'string' && typeof values.to === 'string' && values.to < values.from ? { to: 'mon.filter.toBeforeFrom' } : null),
      onSubmit: async (values) => goTo(hashLink('/audit', Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)]))), () => void auditScreen(context)),
    })
    const { fromMs, toMs } = instantRange(filters)
    const table = pagedTable<AuditEntry, number>(i18n, {
      columns: [
        { label: 'mon.col.time', cell: (entry) => formatDateTime(i18n, entry.atMs) },
        { label: 'mon.audit.actor', cell: (entry) => entry.actor.name },
        { label: 'mon.audit.action', cell: (entry) => h('code', {}, entry.action) },
        { label: 'mon.audit.subject', cell: (entry) => `${entry.subjectKind} ${entry.subjectId ?? ''}`.trim() },
        { label: 'mon.audit.detail', cell: (entry) => h('span', { class: 'audit-detail' }, detailText(entry.detail)) },
      ],
      rowKey: (entry) => String(entry.seq),
      loadPage: async (beforeSeq) => {
        const page = await api.get<AuditPage>('/api/audit', { actionPrefix: filters.action, subjectKind: filters.subjectKind, subjectId: filters.subjectId, fromMs, toMs, limit: PAGE_SIZE, beforeSeq: beforeSeq ?? undefined })
        return { rows: page.entries, next: page.nextBeforeSeq }
      },
    })
    return [h('div', { class: 'card filter-card' }, form.element), h('div', { 'data-ledger': 'audit' }, table.element)]
  })
}
