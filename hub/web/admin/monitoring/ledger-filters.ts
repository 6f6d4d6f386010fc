import { REASON_TEXTS } from '../../../../edge/src/domain/reason-texts.js'
import { ALERT_KINDS } from '../../../src/domain/ledger/alert-intent.js'
import { ApiError } from '../../shared/api-client.js'
import { h } from '../../shared/dom.js'
import { reasonText } from '../../shared/error-text.js'
import { formView, type FieldSpec, type FormValues } from '../../shared/form-view.js'
import { fromLocalInputValue } from '../../shared/format.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { goTo, hashLink, hashQuery } from '../management/shared/hash-query.js'
import { alertKindText } from './alert-panel.js'
import type { PlaceNames } from './place-names.js'

export const LEDGER_TABS = ['entries', 'denials', 'temperatures', 'alerts'] as const
export type LedgerTab = (typeof LEDGER_TABS)[number]

const GRANT_REASONS = new Set(['GRANTED', 'MANUAL_OVERRIDE', 'MEDICAL_EXCEPTION'])
const FILTER_NAMES = ['edgeId', 'doorId', 'from', 'to', 'outcome', 'reason', 'person', 'personId', 'fever', 'kind', 'state'] as const
const DAY_MS = 86_400_000

/** A ledger's filters as the address keeps them (`#/ledger/denials?edgeId=…&from=2026-03-01`), so Back and reload keep them. */
export type LedgerFilters = Partial<Record<(typeof FILTER_NAMES)[number], string>>

export function filtersFromHash(): LedgerFilters {
  const query = hashQuery()
  const filters: LedgerFilters = {}
  for (const name of FILTER_NAMES) {
    const value = query.get(name)
    if (value !== null && value !== '') filters[name] = value
  }
  return filters
}

/** The chosen dates as instants: from the first day's start to the last day's end (site = browser time). */
export function instantRange(filters: LedgerFilters): { fromMs: number | undefined; toMs: number | undefined } {
  const from = filters.from === undefined ? null : fromLocalInputValue(filters.from)
  const to = filters.to === undefined ? null : fromLocalInputValue(filters.to)
  return { fromMs: from ?? undefined, toMs: to === null ? undefined : to + DAY_MS }
}

/** GET /api/events query for the filters (the CSV export takes the very same). */
export function eventsQuery(tab: LedgerTab, filters: LedgerFilters): Record<string, string | undefined> {
  const { fromMs, toMs } = instantRange(filters)
  return {
    edgeId: filters.edgeId,
    doorId: filters.doorId,
    outcome: tab === 'denials' ? 'denied' : tab === 'entries' ? filters.outcome : undefined,
    reason: tab === 'temperatures' ? undefined : filters.reason,
    personId: filters.personId,
    temperature: tab === 'temperatures' ? (filters.fever === '1' ? 'fever' : 'measured') : undefined,
    from: fromMs === undefined ? undefined : new Date(fromMs).toISOString(),
    to: toMs === undefined ? undefined : new Date(toMs).toISOString(),
  }
}

function fieldsFor(context: ScreenContext, names: PlaceNames, tab: LedgerTab, filters: LedgerFilters): FieldSpec[] {
  const { i18n } = context
  const gate: FieldSpec = { name: 'edgeId', label: 'mon.filter.gate', kind: 'select', options: names.edgeOptions(), value: filters.edgeId ?? null }
  const door: FieldSpec = { name: 'doorId', label: 'mon.filter.door', kind: 'select', options: names.doorOptions(), value: filters.doorId ?? null }
  const dates: FieldSpec[] = [
    { name: 'from', label: 'mon.filter.from', kind: 'date', value: filters.from ?? null },
    { name: 'to', label: 'mon.filter.to', kind: 'date', value: filters.to ?? null },
  ]
  const person: FieldSpec = { name: 'person', label: 'mon.filter.person', maxLength: 64, value: filters.person ?? null, hint: 'mon.filter.personHint' }
  const reasons = Object.keys(REASON_TEXTS).filter((reason) => tab === 'entries' || !GRANT_REASONS.has(reason))
  const reason: FieldSpec = { name: 'reason', label: 'mon.filter.reason', kind: 'select', options: reasons.map((code) => ({ value: code, label: reasonText(i18n, code) })), value: filters.reason ?? null }
  switch (tab) {
    case 'entries': {
      const outcomes = [{ value: 'granted', label: i18n.t('mon.outcome.granted') }, { value: 'denied', label: i18n.t('mon.outcome.denied') }]
      return [gate, door, ...dates, { name: 'outcome', label: 'mon.filter.outcome', kind: 'select', options: outcomes, value: filters.outcome ?? null }, reason, person]
    }
    case 'denials':
      return [gate, door, ...dates, reason, person]
    case 'temperatures':
      return [gate, door, ...dates, person, { name: 'fever', label: 'mon.filter.feverOnly', kind: 'checkbox', value: filters.fever === '1' }]
    case 'alerts': {
      const kinds = ALERT_KINDS.map((kind) => ({ value: kind, label: alertKindText(i18n, kind) }))
      const states = [{ value: 'open', label: i18n.t('mon.filter.stateOpen') }, { value: 'all', label: i18n.t('mon.filter.stateAll') }]
      const state: FieldSpec = { name: 'state', label: 'mon.filter.state', kind: 'select', isRequired: true, options: states, value: filters.state ?? 'open' }
      return [gate, { name: 'kind', label: 'mon.filter.kind', kind: 'select', options: kinds, value: filters.kind ?? null }, state]
    }
  }
}

interface PersonMatch {
  readonly items: readonly { readonly id: string; readonly displayName: string }[]
}

/** The one person a typed name means (in the reader's scope); a refusal on the field otherwise. */
async function personIdOf(context: ScreenContext, name: string): Promise<string> {
  const found = await context.api.get<PersonMatch>('/api/persons', { name, limit: 20 })
  const exact = found.items.filter((person) => person.displayName === name)
  const match = exact.length === 1 ? exact[0] : found.items.length === 1 ? found.items[0] : undefined
  if (match !== undefined) return match.id
  throw new ApiError(400, found.items.length === 0 ? 'NO_PERSON_BY_THAT_NAME' : 'SEVERAL_PEOPLE_BY_THAT_NAME', '', [], {})
}

/** The filter form of a ledger tab; applying it moves to the address that names the filters. */
export function filterForm(context: ScreenContext, names: PlaceNames, tab: LedgerTab, filters: LedgerFilters, rerender: () => void): HTMLElement {
  const form = formView(context.i18n, {
    fields: fieldsFor(context, names, tab, filters),
    submitLabel: 'action.search',
    errorFields: { NO_PERSON_BY_THAT_NAME: 'person', SEVERAL_PEOPLE_BY_THAT_NAME: 'person', PERSON_OUT_OF_SCOPE: 'person' },
    check: (values) => (typeof values.from === 'string' && typeof values.to === 'string' && values.to < values.from ? { to: 'mon.filter.toBeforeFrom' } : null),
    onSubmit: async (values: FormValues) => {
      const person = typeof values.person === 'string' ? values.person : undefined
      const personId = person === undefined ? undefined : person === filters.person && filters.personId !== undefined ? filters.personId : await personIdOf(context, person)
      const next: Record<string, string | undefined> = {}
      for (const [name, value] of Object.entries(values)) {
        if (name === 'fever') next.fever = value === true ? '1' : undefined
        else if (typeof value === 'string') next[name] = value
      }
      goTo(hashLink(`/ledger/${tab}`, { ...next, personId }), rerender)
    },
  })
  return h('div', { class: 'card filter-card' }, form.element)
}
