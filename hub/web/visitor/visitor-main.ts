import { ApiClient } from '../shared/api-client.js'
import { loadSession } from '../shared/app-session.js'
import { COMMON_TEXTS } from '../shared/common-texts.js'
import { h, replaceChildren } from '../shared/dom.js'
import { I18n } from '../shared/i18n.js'
import { REASON_TEXT_SET } from '../shared/reason-text-set.js'
import { VISITOR_PASS_TEXTS } from './visitor-pass-texts.js'
import { showOnPage, storedRequest, type VisitorPage } from './visitor-page.js'
import { showVisitorRequestForm } from './visitor-request-form.js'
import { showVisitorRequestStatus } from './visitor-request-status.js'
import { sharedPassOf, showSharedPass } from './visitor-shared-pass.js'
import { VISITOR_TEXTS } from './visitor-texts.js'

/**
 * The visitor's page (issue 5 §3), for a phone that has never seen Gatehouse: no account, no
 * shell. It shows a pass the host shared (`#pass=…`), else the request this phone sent (followed
 * with the secret kept in local storage), else the form for the poster's gate (`?gate=<edgeId>`).
 */
function main(): void {
  const root = document.getElementById('app')
  if (root === null) return
  const i18n = new I18n(COMMON_TEXTS, REASON_TEXT_SET, VISITOR_TEXTS, VISITOR_PASS_TEXTS)
  const api = new ApiClient()
  const header = h('header', { class: 'app-header' })
  const main = h('main', { id: 'main', tabindex: -1 })
  const page: VisitorPage = { i18n, api, main, render: () => render(page, header) }
  replaceChildren(root, header, main)
  i18n.onChange(page.render)
  addEventListener('hashchange', page.render)
  // Someone signed in to this hub (a resident visiting a neighbour) sends their session's CSRF token.
  void loadSession(api)
    .catch(() => null)
    .finally(page.render)
}

function render(page: VisitorPage, header: HTMLElement): void {
  const { i18n } = page
  document.documentElement.lang = i18n.lang === 'zh' ? 'zh-CN' : 'en'
  document.title = `${i18n.t('visit.title')} · Gatehouse`
  replaceChildren(
    header,
    h('div', { class: 'app-title' }, i18n.t('visit.title')),
    h('div', { class: 'app-tools' }, h('button', { type: 'button', class: 'lang', title: i18n.t('lang.switch.title'), onclick: () => i18n.setLang(i18n.lang === 'zh' ? 'en' : 'zh') }, i18n.t('lang.switch'))),
  )
  const shared = sharedPassOf(location.hash)
  if (shared !== null) return showSharedPass(page, shared)
  const stored = storedRequest()
  if (stored !== null) return showVisitorRequestStatus(page, stored)
  const gate = new URLSearchParams(location.search).get('gate')
  if (gate === null || gate === '') return showOnPage(page, h('section', { class: 'card narrow', 'data-screen': 'visitor-form' }, h('h1', {}, i18n.t('visit.title')), h('p', {}, i18n.t('visit.noGate'))))
  void showVisitorRequestForm(page, gate)
}

main()
