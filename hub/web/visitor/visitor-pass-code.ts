import { h } from '../shared/dom.js'
import { formatDateTime } from '../shared/format.js'
import type { I18n } from '../shared/i18n.js'
import { qrCodeSvg } from '../shared/qr-code.js'

/** What the card shows of a pass: what its QR code encodes, its time box, the building it opens. */
export interface VisitorPassCode {
  /** `GHV1.<code>` (protocol/policy/visitor-qr-code.ts). */
  readonly qrText: string
  readonly validFromMs: number
  readonly validUntilMs: number
  /** The host's building by name, when the page knows it. */
  readonly buildingName: string | null
}

/** The line a visitor pass's QR code carries; anything else is not shown as a pass. */
export const VISITOR_QR_TEXT = /^GHV1\.[A-Za-z0-9_-]{16,64}$/

/** A pass the host shares as a link: `/visit/#pass=GHV1.<code>&from=<ms>&until=<ms>&building=<name>`. */
export type SharedPass = VisitorPassCode

/**
 * The link a host sends their visitor. The code rides in the fragment, which a browser never
 * sends to a server, so no access log ever holds it; the visitor's page draws the QR code.
 */
export function sharedPassLink(origin: string, pass: SharedPass): string {
  const fragment = new URLSearchParams({ pass: pass.qrText, from: String(pass.validFromMs), until: String(pass.validUntilMs), building: pass.buildingName ?? '' })
  return `${origin}/visit/#${fragment.toString()}`
}

/**
 * A visitor pass as the visitor shows it at the kiosk: the QR code large (drawn here, nothing
 * fetched; `data-qr-text` holds exactly what it encodes), the time box and "gate + building N
 * only". The code stays readable as text for a scanner that is down.
 */
export function visitorPassCode(i18n: I18n, pass: VisitorPassCode): HTMLElement {
  let code: HTMLElement
  try {
    const svg = qrCodeSvg(pass.qrText, { ecc: 'M', moduleSize: 12 })
    code = h('img', { class: 'visit-pass-qr', src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: i18n.t('visitPass.title'), 'data-qr-text': pass.qrText })
  } catch (error) {
    code = h('p', { class: 'form-error', role: 'alert', 'data-qr-text': pass.qrText }, i18n.t('visitPass.qrFailed', { error: String((error as { code?: string }).code ?? error) }))
  }
  const scope = pass.buildingName === null ? i18n.t('visitPass.scopeAnyBuilding') : i18n.t('visitPass.scope', { building: pass.buildingName })
  return h(
    'section',
    { class: 'card visit-pass', 'data-visitor-pass': '' },
    h('h2', {}, i18n.t('visitPass.title')),
    code,
    h('p', { class: 'visit-pass-show' }, i18n.t('visitPass.show')),
    h('p', { class: 'visit-pass-valid' }, i18n.t('visitPass.valid', { from: formatDateTime(i18n, pass.validFromMs), until: formatDateTime(i18n, pass.validUntilMs) })),
    h('p', { class: 'visit-pass-scope badge warn' }, scope),
    h('p', { class: 'muted visit-pass-text' }, `${i18n.t('visitPass.code')}: `, h('code', {}, pass.qrText.slice(pass.qrText.indexOf('.') + 1))),
  )
}
