import { h, replaceChildren } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import type { LiveMessage, LiveState } from '../shared/live-feed.js'
import type { Screen, ScreenContext } from '../shared/screen-module.js'
import { feverCheckPanel } from './fever-check-panel.js'
import { PersonDirectory } from './person-directory.js'
import { earlierReadingRow, latestReadingCard, type StaffEvent } from './reading-card.js'
import { loadStaffSite, showStaffScreen, type StaffCheckpoint, type StaffView } from './staff-checkpoint.js'
import { StaffCheckWatch, type PendingStaffCheck } from './staff-check-watch.js'

/** The latest reading large, then this many before it. */
const EARLIER_SHOWN = 5

function isStaffEvent(data: unknown): data is StaffEvent {
  return typeof data === 'object' && data !== null && typeof (data as StaffEvent).id === 'string' && typeof (data as StaffEvent).edgeId === 'string'
}

/**
 * The queue at this gate, live (story 6 from the gate's side): whoever the kiosk just read —
 * photo, name, home, temperature, pass or not and why — large enough to read from a step away,
 * the few before below, and on top any suspected fever the kiosk holds for the volunteer's
 * contact reading. Events come from the hub's live feed (gate staff get their checkpoint's only).
 */
function renderQueue(context: ScreenContext, checkpoint: StaffCheckpoint): StaffView {
  const { i18n, api, live } = context
  const people = new PersonDirectory(api)
  const doorNames = new Map(checkpoint.doors.map((door) => [door.id, door.name]))
  const checks = h('div', { class: 'staff-checks' })
  const latest = h('div', { class: 'staff-latest-slot', 'aria-live': 'polite' }, h('p', { class: 'card staff-waiting muted' }, i18n.t('staff.queue.waiting')))
  const earlier = h('ol', { class: 'staff-earlier' })
  const liveState = h('span', { class: 'badge' })
  const screen = h(
    'div',
    { class: 'staff-queue' },
    h('div', { class: 'staff-queue-head' }, h('h1', {}, i18n.t('staff.queue.title', { gate: checkpoint.name })), liveState),
    checks,
    latest,
    h('h2', {}, i18n.t('staff.queue.recent')),
    earlier,
  )
  const isShown = () => screen.isConnected
  let events: StaffEvent[] = []
  const site = loadStaffSite(api)

  const render = async () => {
    const shown = events.slice(0, EARLIER_SHOWN + 1)
    const persons = await Promise.all(shown.map((event) => (event.personId === null ? null : people.get(event.personId))))
    if (shown[0] !== events[0]) return // a newer event arrived meanwhile; its render wins
    const [first, ...rest] = shown
    if (first !== undefined) replaceChildren(latest, latestReadingCard(i18n, first, persons[0] ?? null, doorNames.get(first.doorId) ?? first.doorId))
    replaceChildren(earlier, rest.map((event, index) => earlierReadingRow(i18n, event, persons[index + 1] ?? null)))
  }

  const showChecks = async (pending: readonly PendingStaffCheck[]) => {
    const known = new Map([...checks.querySelectorAll<HTMLElement>('[data-staff-check]')].map((panel) => [panel.dataset.staffCheck ?? '', panel]))
    const settings = await site
    replaceChildren(checks, pending.map((check) => known.get(check.alarmId) ?? feverCheckPanel(context, check, settings, () => void watch.refresh())))
  }
  const watch = new StaffCheckWatch(api, checkpoint.edgeId, isShown, (pending) => void showChecks(pending))

  const load = async () => {
    try {
      events = (await api.get<{ events: StaffEvent[] }>('/api/events', { edgeId: checkpoint.edgeId, limit: EARLIER_SHOWN + 1 })).events
      await render()
    } catch (error) {
      replaceChildren(latest, h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
    }
  }

  const onMessage = (message: LiveMessage) => {
    if (!isShown()) {
      stopMessages()
      stopState()
      return
    }
    if (message.event === 'ready' || message.event === 'reset') void load()
    if (message.event !== 'access' || !isStaffEvent(message.data) || message.data.edgeId !== checkpoint.edgeId) return
    const event = message.data
    events = [event, ...events.filter((known) => known.id !== event.id)].slice(0, EARLIER_SHOWN + 1)
    void render()
    void watch.refresh()
  }
  const showState = (state: LiveState) => {
    liveState.className = state === 'live' ? 'badge ok' : 'badge warn'
    liveState.dataset.liveState = state
    liveState.textContent = i18n.t(state === 'live' ? 'state.live' : 'state.reconnecting')
  }
  let stopMessages = () => {}
  let stopState = () => {}
  const onShown = () => {
    stopMessages = live.onMessage(onMessage)
    stopState = live.onState(showState)
    showState(live.state)
    void load()
    watch.start()
  }
  return { element: screen, onShown }
}

export const queueScreen: Screen = {
  route: '/queue',
  render: (context) => showStaffScreen(context, 'staff-queue', (checkpoint) => renderQueue(context, checkpoint)),
}
