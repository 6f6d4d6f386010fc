import { ApiClient } from '../shared/api-client.js'
import { AppShell } from '../shared/app-shell.js'
import { COMMON_TEXTS } from '../shared/common-texts.js'
import { h } from '../shared/dom.js'
import { I18n } from '../shared/i18n.js'
import { REASON_TEXT_SET } from '../shared/reason-text-set.js'
import { HashRouter } from '../shared/router.js'
import { STAFF_TEXTS } from './staff-texts.js'

const i18n = new I18n(COMMON_TEXTS, REASON_TEXT_SET, STAFF_TEXTS)
const api = new ApiClient()
const router = new HashRouter()

const shell = new AppShell({
  title: 'staff.title',
  i18n,
  api,
  roles: ['gate-staff', 'admin'],
  start: () => router.start(),
})

router.otherwise(() => shell.show(h('h1', {}, i18n.t('staff.title'))))

const root = document.getElementById('app')
if (root !== null) void shell.boot(root)
