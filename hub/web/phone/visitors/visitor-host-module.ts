import type { ScreenModule } from '../../shared/screen-module.js'
import { VISITOR_PASS_TEXTS } from '../../visitor/visitor-pass-texts.js'
import { inviteVisitorScreen } from './invite-visitor-screen.js'
import { VISITOR_HOST_TEXTS } from './visitor-host-texts.js'
import { visitorPassScreen } from './visitor-pass-screen.js'
import { visitorRequestsScreen } from './visitor-requests-screen.js'

/** The host's side of visitors in the phone app: answer requests, see and cancel passes, invite. */
export const VISITOR_HOST_MODULE: ScreenModule = {
  texts: { zh: { ...VISITOR_PASS_TEXTS.zh, ...VISITOR_HOST_TEXTS.zh }, en: { ...VISITOR_PASS_TEXTS.en, ...VISITOR_HOST_TEXTS.en } },
  nav: [{ path: '/visitors', label: 'host.nav', roles: ['resident'] }],
  screens: [
    { route: '/visitors', render: visitorRequestsScreen },
    { route: '/visitors/invite', render: inviteVisitorScreen },
    { route: '/visitors/passes/:passId', render: visitorPassScreen },
  ],
}
