import { ApiError } from './api-client.js'
import type { I18n } from './i18n.js'

/**
 * What to tell a person about a failed request, in their language: the text for the hub's
 * stable code when the page has one (`error.CODE`), else a generic line naming the code. The
 * hub's own English message is never shown to a Chinese reader.
 */
export function errorText(i18n: I18n, error: unknown): string {
  if (!(error instanceof ApiError)) return i18n.t('error.INTERNAL')
  const key = `error.${error.code}`
  const reason = typeof error.body.denyReason === 'string' ? reasonText(i18n, error.body.denyReason) : ''
  if (i18n.has(key)) return i18n.t(key, { reason, code: error.code })
  return i18n.t('error.unknown', { code: error.code })
}

/** A gate's reason code (GRANTED, QUARANTINED, ...) in words, when the page knows it. */
export function reasonText(i18n: I18n, reason: string): string {
  const key = `reason.${reason}`
  return i18n.has(key) ? i18n.t(key) : reason
}
