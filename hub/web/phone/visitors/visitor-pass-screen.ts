import { h, type Child } from '../../shared/dom.js'
import { errorText } from '../../shared/error-text.js'
import type { RouteParams } from '../../shared/router.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { showToast } from '../../shared/toast.js'
import { sharedPassLink, visitorPassCode, type SharedPass } from '../../visitor/visitor-pass-code.js'
import { hostBuildingName, type VisitorPassView } from './visitor-host-api.js'

/** Sends the link the way the phone offers (WeChat, messages), else copies it, else shows it to copy by hand. */
async function share(context: ScreenContext, pass: VisitorPassView, code: SharedPass, fallback: HTMLElement): Promise<void> {
  const { i18n } = context
  const url = sharedPassLink(location.origin, code)
  const text = i18n.t('host.share.text', { name: pass.visitorName })
  try {
    if (typeof navigator.share === 'function') {
      await navigator.share({ title: i18n.t('visitPass.title'), text, url })
      return
    }
    await navigator.clipboard.writeText(`${text} ${url}`)
    showToast(i18n.t('host.share.copied'))
  } catch {
    fallback.hidden = false
  }
}

/** One pass I issued: its QR code large, to show the visitor or send them, and cancel. */
export async function visitorPassScreen(context: ScreenContext, params: RouteParams): Promise<void> {
  const { shell, i18n, api, account } = context
  const show = (...children: Child[]) => shell.show(h('section', { 'data-screen': 'visitor-pass', class: 'phone-screen narrow' }, ...children))
  show(h('p', { class: 'muted' }, i18n.t('state.loading')))
  let pass: VisitorPassView
  try {
    pass = await api.get<VisitorPassView>(`/api/visitor-passes/${encodeURIComponent(params.passId ?? '')}`)
  } catch (error) {
    show(h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)), h('a', { href: '#/visitors' }, i18n.t('action.back')))
    return
  }
  const back = h('p', {}, h('a', { href: '#/visitors' }, i18n.t('action.back')))
  if (pass.status !== 'active' || pass.qrText === null) {
    show(h('h1', {}, i18n.t('host.passTitle', { name: pass.visitorName })), h('p', { class: 'notice' }, i18n.t('host.pass.revoked')), back)
    return
  }
  const code: SharedPass = { qrText: pass.qrText, validFromMs: pass.validFromMs, validUntilMs: pass.validUntilMs, buildingName: await hostBuildingName(api, account) }
  const fallback = h('input', { class: 'share-link', readonly: true, value: sharedPassLink(location.origin, code), hidden: true, 'aria-label': i18n.t('host.share') })
  show(
    h('h1', {}, i18n.t('host.passTitle', { name: pass.visitorName })),
    visitorPassCode(i18n, code),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'share', onclick: () => void share(context, pass, code, fallback) }, i18n.t('host.share'))),
    fallback,
    back,
  )
}
