import { h } from '../../shared/dom.js'
import type { LiveState } from '../../shared/live-feed.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { AlertPanel } from './alert-panel.js'
import { CheckpointBoard } from './checkpoint-board.js'
import { everyWhileShown, followLive } from './follow-live.js'
import type { AlertChange, LedgerEvent, StatusChange } from './ledger-types.js'
import { liveEntryFeed } from './live-entry-feed.js'
import { loadCheckpoints } from './place-names.js'
import { monitoringFrame, roleHasMonitoring, withLoading } from './monitoring-frame.js'

const FEED_ROWS = 15
/** Today's figures roll over at midnight and "last seen" ages: read everything again now and then. */
const FULL_REFRESH_MS = 5 * 60_000

/** "Reconnecting…" while the live feed is down, so nobody trusts numbers that stopped moving. */
export function feedStateBanner(context: ScreenContext): HTMLElement {
  const banner = h('p', { class: 'notice feed-state', role: 'status', 'data-feed-state': context.live.state }, context.i18n.t('state.reconnecting'))
  const show = (state: LiveState) => {
    banner.hidden = state === 'live'
    banner.setAttribute('data-feed-state', state)
  }
  show(context.live.state)
  followLive(banner, context.live, () => undefined, show)
  return banner
}

/**
 * Every checkpoint at a glance (issue 5 §1), the page the community secretary keeps open: open
 * alerts on top with an acknowledge button, a tile per gate and door, and the entry feed, all
 * following the hub's live feed without a reload.
 */
export async function dashboardScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, live, shell } = context
  if (!roleHasMonitoring(context.account.role)) {
    shell.show(monitoringFrame('home', i18n.t('mon.home.title'), h('p', {}, i18n.t('mon.home.noMonitoring'))))
    return
  }
  await withLoading(context, 'dashboard', i18n.t('mon.dashboard.title'), async () => {
    const { answer, names } = await loadCheckpoints(api)
    let board: CheckpointBoard | null = null
    const alerts = new AlertPanel(i18n, api, names, () => board?.render())
    board = new CheckpointBoard(i18n, api, answer, () => alerts.doorAlerts())
    board.render()
    void alerts.load()
    const content = h(
      'div',
      { class: 'dashboard' },
      feedStateBanner(context),
      h('p', { class: 'muted' }, i18n.t('mon.dashboard.today', { date: answer.date })),
      alerts.element,
      h('section', { class: 'board-section' }, h('h2', {}, i18n.t('mon.checkpoints.title')), board.element),
      h('section', { class: 'feed-section' }, h('h2', {}, i18n.t('mon.feed.title')), liveEntryFeed(context, names, FEED_ROWS), h('p', {}, h('a', { href: '#/live' }, i18n.t('mon.feed.more')))),
    )
    const shown = board
    followLive(content, live, (message) => {
      if (message.event === 'status') shown.applyStatus(message.data as StatusChange)
      else if (message.event === 'access') shown.applyAccess(message.data as LedgerEvent)
      else if (message.event === 'alert') alerts.apply(message.data as AlertChange)
      else if (message.event === 'ready' || message.event === 'reset') {
        // (Re)connected: statuses are not replayed, so read the list and the alerts again.
        void shown.refresh()
        void alerts.load()
      }
    })
    everyWhileShown(content, FULL_REFRESH_MS, () => {
      void shown.refresh()
      void alerts.load()
    })
    return content
  })
}
