import { h } from '../shared/dom.js'
import { errorText, reasonText } from '../shared/error-text.js'
import { formatDateTime } from '../shared/format.js'
import type { ScreenContext } from '../shared/screen-module.js'

interface MyEntry {
  readonly id: string
  readonly doorName: string | null
  readonly doorId: string
  readonly occurredAtMs: number
  readonly direction: 'in' | 'out'
  readonly isGranted: boolean
  readonly reason: string
}

/** My recent entries and refusals, newest first, each with the gate's reason in words. */
export async function entriesScreen(context: ScreenContext): Promise<void> {
  const { shell, i18n, api } = context
  const section = h('section', { 'data-screen': 'entries', class: 'phone-screen' }, h('h1', {}, i18n.t('phone.entries.title')))
  shell.show(section)
  try {
    const { items } = await api.get<{ items: MyEntry[] }>('/api/me/entries', { limit: 30 })
    if (items.length === 0) {
      section.append(h('p', { class: 'muted' }, i18n.t('phone.entries.none')))
      return
    }
    section.append(
      h(
        'ul',
        { class: 'entry-list' },
        items.map((entry) =>
          h(
            'li',
            { class: 'card', 'data-row': entry.id },
            h('span', { class: 'muted' }, formatDateTime(i18n, entry.occurredAtMs)),
            ' ',
            h('strong', {}, entry.doorName ?? entry.doorId),
            ' ',
            h('span', { class: 'badge' }, i18n.t(`phone.entries.${entry.direction}`)),
            h('div', { class: entry.isGranted ? 'granted' : 'denied' }, reasonText(i18n, entry.reason)),
          ),
        ),
      ),
    )
  } catch (error) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
  }
}
