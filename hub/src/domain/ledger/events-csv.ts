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

/** Leading characters a spreadsheet would run as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/

function cell(value: string | number | boolean | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * The event list as CSV (RFC 4180, CRLF) for the street office's daily report: a UTF-8 byte
 * order mark so spreadsheet programs read the Chinese names right, and text cells that would
 * start a formula neutralised with a leading apostrophe.
 */
export function eventsCsv(events: readonly LedgerEventView[]): string {
  const lines = [COLUMNS.join(',')]
  for (const event of events) {
    const row = [
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
    ]
    lines.push(row.map(cell).join(','))
  }
  return `\ufeff${lines.join('\r\n')}\r\n`
}
