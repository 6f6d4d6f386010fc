import type { ApiClient } from '../shared/api-client.js'
import { h } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import type { ScreenContext } from '../shared/screen-module.js'

export interface StaffDoor {
  readonly id: string
  readonly name: string
  readonly lane: 'residents' | 'returnees' | 'assisted' | null
}

/** The gate this staff view works at: the account's checkpoint (an admin picks one). */
export interface StaffCheckpoint {
  readonly edgeId: string
  readonly name: string
  readonly doors: readonly StaffDoor[]
}

/** What the staff view needs of the site: its name (poster) and the fever threshold (fever check). */
export interface StaffSite {
  readonly name: string
  readonly feverThresholdCelsius: number
}

const CHOSEN_EDGE_KEY = 'gatehouse.staff.edge'
const loaded = new Map<string, Promise<StaffCheckpoint>>()
let site: Promise<StaffSite | null> | null = null

function chosenEdge(): string | null {
  try {
    return localStorage.getItem(CHOSEN_EDGE_KEY)
  } catch {
    return null
  }
}

function choose(edgeId: string | null): void {
  try {
    if (edgeId === null) localStorage.removeItem(CHOSEN_EDGE_KEY)
    else localStorage.setItem(CHOSEN_EDGE_KEY, edgeId)
  } catch {
    // Private mode: the admin picks again next time.
  }
}

/** The edge with its doors, loaded once per page (a reload shows a changed door list). */
function loadCheckpoint(api: ApiClient, edgeId: string): Promise<StaffCheckpoint> {
  let checkpoint = loaded.get(edgeId)
  if (checkpoint === undefined) {
    checkpoint = api.get<{ id: string; name: string; doors: StaffDoor[] }>(`/api/edges/${encodeURIComponent(edgeId)}`).then((edge) => ({ edgeId: edge.id, name: edge.name, doors: edge.doors }))
    checkpoint.catch(() => loaded.delete(edgeId))
    loaded.set(edgeId, checkpoint)
  }
  return checkpoint
}

/** The site's name and fever threshold, loaded once per page; null when the site is not set up. */
export function loadStaffSite(api: ApiClient): Promise<StaffSite | null> {
  site ??= api.get<StaffSite>('/api/site').catch(() => {
    site = null
    return null
  })
  return site
}

/** A screen's content, and what to start once it is on the page (live updates, polling). */
export interface StaffView {
  readonly element: HTMLElement
  readonly onShown?: () => void
}

/**
 * Renders one staff screen (`data-screen`) for the checkpoint: gate staff get theirs, an admin
 * picks one (remembered on this device), an account without one is told whom to ask.
 */
export async function showStaffScreen(context: ScreenContext, screen: string, build: (checkpoint: StaffCheckpoint) => HTMLElement | StaffView | Promise<HTMLElement | StaffView>): Promise<void> {
  const { shell, i18n, api, account } = context
  const root = h('section', { class: 'staff-screen', 'data-screen': screen })
  const again = () => void showStaffScreen(context, screen, build)
  shell.show(root)
  root.append(h('p', { class: 'muted' }, i18n.t('state.loading')))
  const edgeId = account.role === 'gate-staff' ? account.checkpointEdgeId : chosenEdge()
  if (edgeId === null) {
    root.replaceChildren(account.role === 'admin' ? await checkpointPicker(context, again) : h('p', { class: 'notice' }, i18n.t('staff.checkpoint.none')))
    return
  }
  let checkpoint: StaffCheckpoint
  try {
    checkpoint = await loadCheckpoint(api, edgeId)
  } catch (error) {
    if (account.role === 'admin') choose(null)
    root.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)), h('button', { type: 'button', class: 'big', onclick: again }, i18n.t('action.retry')))
    return
  }
  const built = await build(checkpoint)
  const view = built instanceof HTMLElement ? { element: built } : built
  const change = () => {
    choose(null)
    again()
  }
  root.replaceChildren(
    ...(account.role === 'admin' ? [h('p', { class: 'staff-admin-tools no-print' }, h('button', { type: 'button', class: 'quiet', onclick: change }, i18n.t('staff.checkpoint.change')))] : []),
    view.element,
  )
  view.onShown?.()
}

async function checkpointPicker(context: ScreenContext, chosen: () => void): Promise<HTMLElement> {
  const { i18n, api } = context
  let edges: readonly { id: string; name: string }[]
  try {
    edges = (await api.get<{ items: { id: string; name: string }[] }>('/api/edges', { limit: 200 })).items
  } catch (error) {
    return h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error))
  }
  const pick = (edgeId: string) => () => {
    choose(edgeId)
    chosen()
  }
  return h(
    'div',
    { class: 'card', 'data-checkpoint-picker': true },
    h('h1', {}, i18n.t('staff.checkpoint.choose')),
    h('p', {}, i18n.t('staff.checkpoint.chooseIntro')),
    edges.length === 0 ? h('p', { class: 'muted' }, i18n.t('state.empty')) : null,
    h('div', { class: 'staff-choices' }, edges.map((edge) => h('button', { type: 'button', class: 'big', 'data-edge': edge.id, onclick: pick(edge.id) }, edge.name))),
  )
}
