import type { Column } from '../../shared/data-table.js'
import { h } from '../../shared/dom.js'
import { formatDateTime } from '../../shared/format.js'
import type { I18n } from '../../shared/i18n.js'
import { hashLink } from '../management/shared/hash-query.js'
import { actorLabel, credentialLabel, directionLabel, outcomeBadge, personLabel, temperatureLabel } from './event-labels.js'
import type { LedgerEvent } from './ledger-types.js'
import type { PlaceNames } from './place-names.js'

/**
 * The columns of an event ledger: when, who (a link that filters the ledger to that person),
 * where, which way, the outcome in words, the temperature, how they identified, who acted.
 */
export function eventColumns(i18n: I18n, names: PlaceNames, personLink: (event: LedgerEvent) => string | null): Column<LedgerEvent>[] {
  return [
    { label: 'mon.col.time', cell: (event) => h('time', { datetime: event.occurredAt }, formatDateTime(i18n, Date.parse(event.occurredAt))) },
    {
      label: 'mon.col.person',
      cell: (event) => {
        const link = personLink(event)
        return link === null ? personLabel(i18n, event) : h('a', { href: link, 'data-person-link': event.personId ?? '' }, personLabel(i18n, event))
      },
    },
    { label: 'mon.col.where', cell: (event) => `${names.where(event.edgeId, event.doorId)} · ${directionLabel(i18n, event.direction)}` },
    { label: 'mon.col.outcome', cell: (event) => outcomeBadge(i18n, event) },
    { label: 'mon.col.temperature', cell: (event) => temperatureLabel(i18n, event.temperature) ?? '—' },
    { label: 'mon.col.credential', cell: (event) => credentialLabel(i18n, event.credential) },
    { label: 'mon.col.note', cell: (event) => [actorLabel(i18n, event), event.note].filter((part) => part !== null).join(' · ') || '—' },
  ]
}

/** A link to the same ledger tab filtered to the event's person (when the reader may see them). */
export function personFilterLink(tab: string, event: LedgerEvent): string | null {
  if (event.personId === null || event.personName === null) return null
  return hashLink(`/ledger/${tab}`, { personId: event.personId, person: event.personName })
}
