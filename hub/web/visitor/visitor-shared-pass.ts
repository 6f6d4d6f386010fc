import { h } from '../shared/dom.js'
import { VISITOR_QR_TEXT, visitorPassCode, type SharedPass } from './visitor-pass-code.js'
import { showOnPage, type VisitorPage } from './visitor-page.js'

/** The pass a link carries, or null when the fragment holds none (undefined when it holds a broken one). */
export function sharedPassOf(hash: string): SharedPass | null | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const qrText = params.get('pass')
  if (qrText === null) return null
  const validFromMs = Number(params.get('from'))
  const validUntilMs = Number(params.get('until'))
  if (!VISITOR_QR_TEXT.test(qrText) || !Number.isSafeInteger(validFromMs) || !Number.isSafeInteger(validUntilMs) || validUntilMs <= validFromMs) return undefined
  const buildingName = params.get('building')
  return { qrText, validFromMs, validUntilMs, buildingName: buildingName === '' ? null : buildingName }
}

/** Shows a pass the host shared directly (POST /api/visitor-passes, then "share"), with no request behind it. */
export function showSharedPass(page: VisitorPage, pass: SharedPass | undefined): void {
  const { i18n } = page
  if (pass === undefined) {
    showOnPage(page, h('section', { class: 'card narrow', 'data-screen': 'visitor-shared-pass' }, h('p', { class: 'form-error', role: 'alert' }, i18n.t('visit.badShared'))))
    return
  }
  showOnPage(
    page,
    h(
      'section',
      { class: 'narrow', 'data-screen': 'visitor-shared-pass' },
      h('h1', {}, i18n.t('visit.sharedPass')),
      visitorPassCode(i18n, pass),
    ),
  )
}
