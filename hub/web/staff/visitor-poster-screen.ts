import { h } from '../shared/dom.js'
import { qrCodeSvg } from '../shared/qr-code.js'
import type { Screen, ScreenContext } from '../shared/screen-module.js'
import { POSTER_WORDING } from './lane-texts.js'
import { printOnly } from './print-only.js'
import { loadStaffSite, showStaffScreen, type StaffCheckpoint } from './staff-checkpoint.js'

/** The visitor self-service form (issue 5 §3), served by the hub; the gate tells it where the visitor stands. */
export function visitorFormUrl(origin: string, edgeId: string): string {
  return `${origin}/visit/?gate=${encodeURIComponent(edgeId)}`
}

/** Both languages on one line pair: the poster hangs for everyone. */
const bilingual = (text: { readonly zh: string; readonly en: string }, tag: 'h1' | 'p' | 'li' = 'p', className = '') =>
  h(tag, { class: className }, h('span', { class: 'poster-zh' }, text.zh), h('span', { class: 'poster-en' }, text.en))

/**
 * The printable A4 poster for visitors at this gate: a QR code of the visitor form's address
 * (drawn here, nothing fetched), the community and gate names, three steps in Chinese and
 * English, and the address in print for phones that cannot scan.
 */
async function renderPoster(context: ScreenContext, checkpoint: StaffCheckpoint): Promise<HTMLElement> {
  const { i18n, api } = context
  const url = visitorFormUrl(location.origin, checkpoint.edgeId)
  const site = await loadStaffSite(api)
  let code: HTMLElement
  try {
    const svg = qrCodeSvg(url, { ecc: 'M', moduleSize: 10 })
    code = h('img', { class: 'poster-qr', src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: url, 'data-qr-text': url })
  } catch (error) {
    code = h('p', { class: 'form-error', role: 'alert' }, i18n.t('staff.poster.failed', { error: String((error as { code?: string }).code ?? error) }))
  }
  const poster = h(
    'article',
    { class: 'staff-poster', 'data-poster': checkpoint.edgeId },
    bilingual(POSTER_WORDING.heading, 'h1', 'poster-heading'),
    h('p', { class: 'poster-place' }, [site?.name, checkpoint.name].filter((part) => part !== undefined && part !== '').join(' · ')),
    code,
    h('ol', { class: 'poster-steps' }, POSTER_WORDING.steps.map((step) => bilingual(step, 'li'))),
    h('p', { class: 'poster-link' }, h('span', {}, `${POSTER_WORDING.link.zh} ${POSTER_WORDING.link.en}`), h('br', {}), h('span', { class: 'poster-url' }, url)),
  )
  return h(
    'div',
    { class: 'staff-poster-screen' },
    h('div', { class: 'no-print' }, h('h1', {}, i18n.t('staff.poster.title')), h('p', {}, i18n.t('staff.poster.intro')), h('button', { type: 'button', class: 'big primary', 'data-action': 'print-poster', onclick: () => printOnly(poster) }, i18n.t('staff.poster.print'))),
    poster,
  )
}

export const visitorPosterScreen: Screen = {
  route: '/poster',
  render: (context) => showStaffScreen(context, 'staff-poster', (checkpoint) => renderPoster(context, checkpoint)),
}
