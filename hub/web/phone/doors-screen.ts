import { ApiError } from '../shared/api-client.js'
import { h, replaceChildren } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import type { ScreenContext } from '../shared/screen-module.js'
import { observationBanner } from './health-screen.js'
import { loadPhoneKey, signWith } from './phone-keystore.js'
import { phoneOpenProof } from './phone-signing.js'

interface MyDoor {
  readonly doorId: string
  readonly name: string
  readonly kind: 'gate' | 'building'
}

interface MyPhone {
  readonly keyId: string | null
}

/**
 * The resident's home screen: one big button per door they may use (gates first), the result
 * of the last press in words — opened, or the exact reason the gate refused (the kiosk's own
 * words), or that the gate did not answer — and the way to the pass code when there is no signal.
 */
export async function doorsScreen(context: ScreenContext): Promise<void> {
  const { shell, i18n, api } = context
  const result = h('p', { class: 'door-result', 'data-result': '', role: 'status', 'aria-live': 'polite' })
  const banner = h('div', {})
  const list = h('div', { class: 'door-buttons' }, h('p', { class: 'muted' }, i18n.t('state.loading')))
  shell.show(
    h(
      'section',
      { 'data-screen': 'doors', class: 'phone-screen' },
      banner,
      h('h1', {}, i18n.t('phone.doors.title')),
      result,
      list,
      h('p', {}, h('a', { class: 'button big', href: '#/pass', 'data-action': 'pass-code' }, i18n.t('phone.doors.noSignal'))),
    ),
  )
  void observationBanner(context).then((element) => element !== null && replaceChildren(banner, element))
  let doors: readonly MyDoor[]
  let phone: MyPhone
  try {
    ;[doors, phone] = await Promise.all([api.get<{ items: MyDoor[] }>('/api/me/doors').then((page) => page.items), api.get<MyPhone>('/api/me/phone')])
  } catch (error) {
    replaceChildren(list, h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
    return
  }
  if (doors.length === 0) {
    replaceChildren(list, h('p', { class: 'notice' }, i18n.t('phone.doors.none')))
    return
  }
  const open = async (door: MyDoor, button: HTMLButtonElement): Promise<void> => {
    button.disabled = true
    result.className = 'door-result'
    result.textContent = i18n.t('phone.doors.opening')
    try {
      const body = await openBody(phone, door.doorId)
      if (body === null) throw new ApiError(0, 'PHONE_PROOF_REQUIRED', '', [], {})
      await api.post(`/api/doors/${encodeURIComponent(door.doorId)}/open`, body)
      result.className = 'door-result granted'
      result.textContent = i18n.t('phone.doors.opened', { door: door.name })
    } catch (error) {
      result.className = 'door-result denied'
      result.textContent = error instanceof ApiError && error.code === 'PHONE_PROOF_REQUIRED' && phone.keyId !== null ? i18n.t('phone.doors.keyMissing') : errorText(i18n, error)
    } finally {
      button.disabled = false
    }
  }
  replaceChildren(
    list,
    (['gate', 'building'] as const).map((kind) => {
      const ofKind = doors.filter((door) => door.kind === kind)
      if (ofKind.length === 0) return null
      return h(
        'div',
        { class: 'door-group' },
        h('h2', {}, i18n.t(`phone.doors.${kind}`)),
        ofKind.map((door) => {
          const button: HTMLButtonElement = h('button', { type: 'button', class: 'huge primary', 'data-door': door.doorId, onclick: () => void open(door, button) }, i18n.t('phone.doors.open', { door: door.name }))
          return button
        }),
      )
    }),
  )
}

/** The open request: signed by the phone's key in a phone session; null when that key is gone. */
async function openBody(phone: MyPhone, doorId: string): Promise<Record<string, unknown> | null> {
  if (phone.keyId === null) return {}
  const key = await loadPhoneKey()
  if (key === null || key.keyId !== phone.keyId) return null
  return { phoneProof: await phoneOpenProof(key.keyId, doorId, 'UNLOCK', Date.now(), (bytes) => signWith(key.privateKey, bytes)) }
}
