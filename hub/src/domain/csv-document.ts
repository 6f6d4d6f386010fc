export type CsvValue = string | number | boolean | null

/** Leading characters a spreadsheet would run as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/

function cell(value: CsvValue): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * A CSV file (RFC 4180, CRLF) for the street office's spreadsheets (the hub's exports, and the
 * console's own for lists the hub does not export): a UTF-8 byte order mark so
 * spreadsheet programs read Chinese names right, and text cells that would start a formula
 * neutralised with a leading apostrophe.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header.map(cell).join(',')]
  for (const row of rows) lines.push(row.map(cell).join(','))
  return `\ufeff${lines.join('\r\n')}\r\n`
}
