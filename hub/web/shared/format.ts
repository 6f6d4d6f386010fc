import type { I18n } from './i18n.js'

function localeOf(i18n: I18n): string {
  return i18n.lang === 'zh' ? 'zh-CN' : 'en-GB'
}

/** "11-23 08:15" style: date and time in the browser's time zone (the community's). */
export function formatDateTime(i18n: I18n, epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '—'
  return new Intl.DateTimeFormat(localeOf(i18n), { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(epochMs)
}

export function formatTime(i18n: I18n, epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '—'
  return new Intl.DateTimeFormat(localeOf(i18n), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(epochMs)
}

export function formatDate(i18n: I18n, epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '—'
  return new Intl.DateTimeFormat(localeOf(i18n), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs)
}

/** 36.8 → "36.8 °C"; null → "—". */
export function formatCelsius(celsius: number | null | undefined): string {
  return celsius === null || celsius === undefined ? '—' : `${celsius.toFixed(1)} °C`
}

/** A `datetime-local` input's value for an instant (local time, minutes). */
export function toLocalInputValue(epochMs: number): string {
  const date = new Date(epochMs)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** The instant a `datetime-local` or `date` input names (local time), or null. */
export function fromLocalInputValue(value: string): number | null {
  const epochMs = new Date(value.length === 10 ? `${value}T00:00` : value).getTime()
  return Number.isFinite(epochMs) ? epochMs : null
}
