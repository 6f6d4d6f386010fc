import { ApiClient } from '../shared/api-client.js'
import { COMMON_TEXTS } from '../shared/common-texts.js'
import { h, replaceChildren } from '../shared/dom.js'
import { I18n } from '../shared/i18n.js'
import { REASON_TEXT_SET } from '../shared/reason-text-set.js'
import { startApp, type AppSpec } from '../shared/start-app.js'
import { enrolScreen, enrolTokenOf } from './enrol-screen.js'
import { passCodeView } from './pass-code-screen.js'
import { PHONE_MODULE } from './phone-module.js'
import { PHONE_TEXTS } from './phone-texts.js'
import { VISITOR_HOST_MODULE } from './visitors/visitor-host-module.js'

/** The service worker's cache (service-worker.ts). */
const APP_CACHE = 'gatehouse-app-v1'

const APP: AppSpec = { title: 'phone.title', texts: PHONE_TEXTS, roles: ['resident', 'landlord'], modules: [PHONE_MODULE, VISITOR_HOST_MODULE] }

/**
 * The resident phone app. Before the shared shell: a one-time enrolment link (nobody is signed
 * in yet), and no network at all (the shell cannot reach the hub, the pass code needs nothing
 * from it). The service worker keeps the app itself on the phone.
 */
function main(): void {
  const root = document.getElementById('app')
  const token = enrolTokenOf(location.hash)
  if (root !== null && token !== null) {
    enrolScreen(root, standaloneTexts(), new ApiClient(), token, () => {
      history.replaceState(null, '', '/app/#/doors')
      startApp(APP)
    })
  } else if (root !== null && !navigator.onLine) {
    void showOffline(root)
  } else {
    startApp(APP)
  }
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/app/service-worker.js', { scope: '/app/' }).then(keepLoadedFiles).catch(() => undefined)
}

/**
 * The first visit loads the app before its service worker runs, so the worker never saw those
 * files: the page puts every app file it loaded (page, modules, style) into the worker's cache.
 */
async function keepLoadedFiles(): Promise<void> {
  const files = performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
    .map((url) => url.pathname)
  const cache = await caches.open(APP_CACHE)
  const kept = await Promise.all(['/app/', ...new Set(files)].map((path) => cache.add(path).then(() => true, () => false)))
  // A hook for the tests (and a curious technician): the app now opens without a network.
  if (kept.every(Boolean)) document.documentElement.dataset.offlineReady = 'true'
}

function standaloneTexts(): I18n {
  return new I18n(COMMON_TEXTS, REASON_TEXT_SET, ...APP.modules.map((module) => module.texts))
}

async function showOffline(root: HTMLElement): Promise<void> {
  const i18n = standaloneTexts()
  document.documentElement.lang = i18n.lang === 'zh' ? 'zh-CN' : 'en'
  replaceChildren(root, h('header', { class: 'app-header' }, h('div', { class: 'app-title' }, i18n.t('phone.title'))), h('main', { id: 'main' }, await passCodeView(i18n, true)))
  addEventListener('online', () => location.reload(), { once: true })
}

main()
