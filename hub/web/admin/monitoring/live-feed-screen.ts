import { h } from '../../shared/dom.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { feedStateBanner } from './dashboard-screen.js'
import { liveEntryFeed } from './live-entry-feed.js'
import { withLoading } from './monitoring-frame.js'
import { loadCheckpoints } from './place-names.js'

const FEED_ROWS = 100

/** The entry feed on its own, longer: for a second screen in the office, or a phone. */
export async function liveFeedScreen(context: ScreenContext): Promise<void> {
  const { i18n, api } = context
  await withLoading(context, 'live-feed', i18n.t('mon.feed.title'), async () => {
    const { names } = await loadCheckpoints(api)
    return h('div', {}, feedStateBanner(context), h('p', { class: 'muted' }, i18n.t('mon.feed.intro')), liveEntryFeed(context, names, FEED_ROWS))
  })
}
