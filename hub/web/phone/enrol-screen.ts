import type { ApiClient } from '../shared/api-client.js'
import { h, replaceChildren } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import type { I18n } from '../shared/i18n.js'
import { createPhoneKeyPair, hasPhoneCrypto, rawPublicKeyBase64, savePhoneKey } from './phone-keystore.js'

interface Enrolled {
  readonly csrfToken: string
  readonly phoneKey: { readonly id: string }
}

/** `#/enrol/<token>` → the token, or null for any other address. */
export function enrolTokenOf(hash: string): string | null {
  const match = /^#\/enrol\/([A-Za-z0-9_-]{20,200})$/.exec(hash)
  return match === null ? null : match[1]!
}

/**
 * The page a one-time enrolment link opens, before anyone is signed in: the phone makes its own
 * Ed25519 key (private half not extractable), registers the public half with the link, keeps the
 * key in IndexedDB and is signed in as the resident. Browsers without Ed25519 are told so.
 */
export function enrolScreen(root: HTMLElement, i18n: I18n, api: ApiClient, token: string, onEnrolled: () => void): void {
  const status = h('p', { role: 'status', 'aria-live': 'polite' })
  const button: HTMLButtonElement = h('button', { type: 'button', class: 'huge primary', 'data-action': 'enrol', onclick: () => void enrol() }, i18n.t('phone.enrol.submit'))
  const header = h('header', { class: 'app-header' }, h('div', { class: 'app-title' }, i18n.t('phone.title')))
  replaceChildren(root, header, h('main', { id: 'main' }, h('section', { class: 'card narrow', 'data-screen': 'enrol' }, h('h1', {}, i18n.t('phone.enrol.title')), h('p', {}, i18n.t('phone.enrol.intro')), button, status)))
  if (!isSecureContext || !hasPhoneCrypto()) {
    button.disabled = true
    status.className = 'form-error'
    status.textContent = i18n.t(isSecureContext ? 'phone.enrol.noCrypto' : 'phone.enrol.insecure')
  }

  async function enrol(): Promise<void> {
    button.disabled = true
    status.className = 'muted'
    status.textContent = i18n.t('phone.enrol.working')
    let keys: CryptoKeyPair
    try {
      keys = await createPhoneKeyPair()
    } catch {
      status.className = 'form-error'
      status.textContent = i18n.t('phone.enrol.noCrypto')
      return
    }
    try {
      const publicKey = await rawPublicKeyBase64(keys.publicKey)
      const enrolled = await api.post<Enrolled>('/api/phone-enrollment', { token, publicKey, label: phoneLabel() })
      await savePhoneKey({ keyId: enrolled.phoneKey.id, privateKey: keys.privateKey, publicKey: keys.publicKey })
      api.csrfToken = enrolled.csrfToken
      status.className = 'granted'
      status.textContent = i18n.t('phone.enrol.done')
      onEnrolled()
    } catch (error) {
      status.className = 'form-error'
      status.setAttribute('role', 'alert')
      status.textContent = errorText(i18n, error)
      button.disabled = false
    }
  }
}

/** What staff see in the list of phones: the browser's own short description, printable ASCII. */
function phoneLabel(): string {
  return navigator.userAgent.replace(/[^\x20-\x7e]/g, '').replace(/^Mozilla\/5\.0 /, '').slice(0, 64).trim() || 'phone'
}
