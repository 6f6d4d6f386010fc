import { csvDocument, type CsvValue } from '../../../src/domain/csv-document.js'

/** Saves rows the page already has as a CSV file, in the very form of the hub's own exports. */
export function downloadCsv(filename: string, header: readonly string[], rows: readonly (readonly CsvValue[])[]): void {
  const url = URL.createObjectURL(new Blob([csvDocument(header, rows)], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
