import { csvDocument } from '../csv-document.js'
import type { LedgerEventView } from './ledger-event-view.js'

const COLUMNS = [
  'occurredAt',
  'edgeId',
  'doorId',
  'direction',
  'lane',
  'outcome',
  'reason',
  'credentialKind',
  'maskedCredential',
  'personId',
  'personName',
  'celsius',
  'isFever',
  'actorKind',
  'actorName',
  'note',
  'eventId',
] as const

/** The event list as CSV (csv-document.ts) for the street office's daily report. */
export function eventsCsv(events: readonly LedgerEventView[]): string {
  return csvDocument(
    COLUMNS,
    events.map((event) => [
      event.occurredAt,
      event.edgeId,
      event.doorId,
      event.direction,
      event.lane,
      event.granted ? 'granted' : 'denied',
      event.reason,
      event.credential.kind,
      event.credential.maskedReference,
      event.personId,
      event.personName,
      event.temperature?.celsius ?? null,
      event.temperature?.isFever ?? false,
      event.actor?.kind ?? null,
      event.actor?.name ?? null,
      event.note,
      event.id,
    ]),
  )
}
