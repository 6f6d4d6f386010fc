import type { LiveFeed, LiveMessage, LiveState } from '../../shared/live-feed.js'

/**
 * Whether `element` is still shown: false once it was on the page and has been taken off
 * (a screen replaced by the next); true while it waits to be shown.
 */
function presence(element: Element): () => boolean {
  let wasShown = element.isConnected
  return () => {
    if (element.isConnected) wasShown = true
    return element.isConnected || !wasShown
  }
}

/**
 * Listens to the hub's live feed for as long as `element` is on the page: once the screen is
 * replaced, the next message or state change unsubscribes, so screens never pile up listeners.
 */
export function followLive(element: Element, live: LiveFeed, onMessage: (message: LiveMessage) => void, onState?: (state: LiveState) => void): void {
  const isShown = presence(element)
  const stopMessages = live.onMessage((message) => {
    if (isShown()) onMessage(message)
    else stopAll()
  })
  const stopStates = live.onState((state) => {
    if (isShown()) onState?.(state)
    else stopAll()
  })
  function stopAll(): void {
    stopMessages()
    stopStates()
  }
}

/** Runs `tick` every `periodMs` while `element` is on the page. */
export function everyWhileShown(element: Element, periodMs: number, tick: () => void): void {
  const isShown = presence(element)
  const timer = setInterval(() => {
    if (isShown()) tick()
    else clearInterval(timer)
  }, periodMs)
}
