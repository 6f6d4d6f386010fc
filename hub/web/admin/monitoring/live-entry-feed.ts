import { h } from '../../shared/dom.js'
import { errorText } from '../../shared/error-text.js'
import { formatTime } from '../../shared/format.js'
import type { I18n } from '../../shared/i18n.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { actorLabel, directionLabel, outcomeBadge, personLabel, temperatureLabel } from './event-labels.js'
import { followLive } from './follow-live.js'
import type { EventsPage, LedgerEvent } from './ledger-types.js'
import type { PlaceNames } from './place-names.js'

/** One attempt in the feed: when, who, where, the outcome in words, the temperature. */
export function feedRow(i18n: I18n, event: LedgerEvent, names: PlaceNames): HTMLElement {
  const actor = actorLabel(i18n, event)
  return h(
    'li',
    { class: `feed-row ${event.granted ? 'granted-row' : 'denied-row'}`, 'data-event-id': event.id },
    h('time', { class: 'feed-time', datetime: event.occurredAt }, formatTime(i18n, Date.parse(event.occurredAt))),
    h('span', { class: 'feed-person' }, personLabel(i18n, event)),
    h('span', { class: 'feed-where' }, `${names.where(event.edgeId, event.doorId)} · ${directionLabel(i18n, event.direction)}`),
    outcomeBadge(i18n, event),
    temperatureLabel(i18n, event.temperature),
    actor === null ? null : h('span', { class: 'muted feed-actor' }, actor),
  )
}

/**
 * The entry feed, newest first: the latest `limit` attempts from the ledger, then each new one
 * as the hub announces it (no reload). A resumed feed replays what was missed; an event already
 * shown is not shown twice.
 */
export function liveEntryFeed(context: ScreenContext, names: PlaceNames, limit: number): HTMLElement {
  const { i18n, api, live } = context
  const list = h('ol', { class: 'feed-list', 'aria-live': 'polite' })
  const container = h('div', { class: 'live-feed', 'data-live-feed': '' }, list)
  const shown = new Set<string>()
  const add = (event: LedgerEvent, isNew: boolean) => {
    if (shown.has(event.id)) return
    shown.add(event.id)
    container.querySelector('.empty')?.remove()
    const row = feedRow(i18n, event, names)
    if (isNew) list.prepend(row)
    else list.append(row)
    while (list.children.length > limit) {
      const last = list.lastElementChild
      if (last === null) break
      shown.delete(last.getAttribute('data-event-id') ?? '')
      last.remove()
    }
  }
  followLive(container, live, (message) => {
    if (message.event === 'access') add(message.data as LedgerEvent, true)
  })
  api
    .get<EventsPage>('/api/events', { limit })
    .then((page) => {
      // Events the live feed brought while the page loaded are newer: they stay on top.
      for (const event of page.events) add(event, false)
      if (list.children.length === 0) container.append(h('p', { class: 'muted empty' }, i18n.t('mon.feed.empty')))
    })
    .catch((error: unknown) => container.append(h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error))))
  return container
}
