import { h, replaceChildren } from '../../../shared/dom.js'
import { errorText } from '../../../shared/error-text.js'
import { formatDateTime } from '../../../shared/format.js'
import { qrCodeSvg } from '../../../shared/qr-code.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import type { PersonView } from './people-views.js'

interface EnrolmentLink {
  readonly token: string
  readonly path: string
  readonly expiresAtMs: number
}

/**
 * The office hands a resident their phone app: a one-time enrolment link (POST
 * /api/persons/:id/phone-enrollment) shown as a QR code to scan and as text to send. A new link
 * withdraws the person's older unused ones.
 */
export function phoneLinkPanel(context: ScreenContext, person: PersonView): HTMLElement {
  const { i18n, api } = context
  const result = h('div', { class: 'phone-link', 'data-phone-link': person.id })
  const issue = async (): Promise<void> => {
    try {
      const link = await api.post<EnrolmentLink>(`/api/persons/${encodeURIComponent(person.id)}/phone-enrollment`, {})
      const url = `${location.origin}${link.path}`
      const svg = qrCodeSvg(url, { ecc: 'M', moduleSize: 6 })
      replaceChildren(
        result,
        h('img', { class: 'phone-link-qr', src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: url, 'data-qr-text': url }),
        h('p', {}, h('a', { href: url, 'data-enrolment-url': url }, url)),
        h('p', { class: 'muted' }, i18n.t('people.phoneLink.expires', { time: formatDateTime(i18n, link.expiresAtMs) })),
      )
    } catch (error) {
      replaceChildren(result, h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
    }
  }
  return h(
    'section',
    { class: 'card', 'data-panel': 'phone-link' },
    h('h2', {}, i18n.t('people.phoneLink.title')),
    h('p', { class: 'muted' }, i18n.t('people.phoneLink.intro')),
    h('button', { type: 'button', class: 'big', 'data-action': 'issue-phone-link', onclick: () => void issue() }, i18n.t('people.phoneLink.issue')),
    result,
  )
}
