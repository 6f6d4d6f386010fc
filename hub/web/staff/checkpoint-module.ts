import type { TextSet } from '../shared/i18n.js'
import type { ScreenModule } from '../shared/screen-module.js'
import { assistedOpenScreen } from './assisted-open-screen.js'
import { LANE_TEXTS } from './lane-texts.js'
import { QUEUE_TEXTS } from './queue-texts.js'
import { queueScreen } from './queue-screen.js'
import { RETURNEE_TEXTS } from './returnee-texts.js'
import { returneeScreen } from './returnee-screen.js'
import { visitorPosterScreen } from './visitor-poster-screen.js'

/** Every text of the checkpoint staff view, both languages. */
export const CHECKPOINT_TEXTS: TextSet = {
  zh: { ...QUEUE_TEXTS.zh, ...RETURNEE_TEXTS.zh, ...LANE_TEXTS.zh },
  en: { ...QUEUE_TEXTS.en, ...RETURNEE_TEXTS.en, ...LANE_TEXTS.en },
}

/**
 * The checkpoint staff view (issue 5 §3): the live queue with the fever check first (it opens
 * on it), then opening by hand, the returnee lane and the visitor poster — four entries always
 * in the header, nothing in a menu.
 */
export const CHECKPOINT_MODULE: ScreenModule = {
  texts: CHECKPOINT_TEXTS,
  nav: [
    { path: '/queue', label: 'staff.nav.queue' },
    { path: '/open', label: 'staff.nav.open' },
    { path: '/returnee', label: 'staff.nav.returnee' },
    { path: '/poster', label: 'staff.nav.poster' },
  ],
  screens: [queueScreen, assistedOpenScreen, returneeScreen, visitorPosterScreen],
}
