import { h } from './dom.js'

/** A short confirmation at the bottom of the screen ("Saved"), gone after a few seconds. */
export function showToast(message: string, durationMs = 3000): void {
  const toast = h('div', { class: 'toast', role: 'status' }, message)
  document.body.appendChild(toast)
  setTimeout(() => toast.remove(), durationMs)
}
