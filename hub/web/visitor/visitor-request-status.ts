import { ApiError } from '../shared/api-client.js'
import { h, replaceChildren, type Child } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import { formatDateTime } from '../shared/format.js'
import type { I18n } from '../shared/i18n.js'
import { visitorPassCode } from './visitor-pass-code.js'
import { showOnPage, storeRequest, type StoredVisitorRequest, type VisitorPage } from './visitor-page.js'

/** POST /api/visitor-requests/follow (hub/src/adapters/http/visitors/visitor-request-views.ts). */
interface FollowView {
  readonly id: string
  readonly state: 'pending' | 'approved' | 'declined' | 'lapsed'
  readonly visitorName: string
  readonly expectedAtMs: number
  readonly lapsesAtMs: number
  readonly gateName: string
  readonly place: { readonly buildingName: string; readonly unitName: string; readonly room: string } | null
  readonly declineReason: string | null
  readonly pass: {
    readonly state: 'active' | 'revoked' | 'expired'
    readonly validFromMs: number
    readonly validUntilMs: number
    readonly qrText: string | null
    readonly buildingName: string
  } | null
}

/** While the household decides the page asks every few seconds; afterwards now and then (a host may revoke). */
const PENDING_POLL_MS = 3_000
const DECIDED_POLL_MS = 30_000

function placeText(view: FollowView): string | null {
  return view.place === null ? null : `${view.place.buildingName} ${view.place.unitName} ${view.place.room}`
}

function outcome(i18n: I18n, view: FollowView): Child[] {
  if (view.state === 'pending') {
    return [
      h('p', { class: 'visit-state big-text', role: 'status' }, i18n.t('visit.pending')),
      h('p', { class: 'muted' }, i18n.t('visit.pendingDetail')),
      h('p', { class: 'muted' }, i18n.t('visit.lapsesAt', { time: formatDateTime(i18n, view.lapsesAtMs) })),
    ]
  }
  if (view.state === 'declined') {
    return [h('p', { class: 'visit-state denied', role: 'status' }, i18n.t('visit.declined')), view.declineReason === null ? null : h('p', {}, i18n.t('visit.declineReason', { reason: view.declineReason }))]
  }
  if (view.state === 'lapsed') return [h('p', { class: 'visit-state denied', role: 'status' }, i18n.t('visit.lapsed'))]
  const pass = view.pass
  if (pass === null || pass.state === 'revoked') return [h('p', { class: 'visit-state denied', role: 'status' }, i18n.t('visit.passRevoked'))]
  if (pass.state === 'expired' || pass.qrText === null) return [h('p', { class: 'visit-state denied', role: 'status' }, i18n.t('visit.passExpired'))]
  return [
    h('p', { class: 'visit-state granted', role: 'status' }, i18n.t('visit.approved')),
    visitorPassCode(i18n, { qrText: pass.qrText, validFromMs: pass.validFromMs, validUntilMs: pass.validUntilMs, buildingName: pass.buildingName }),
  ]
}

function renderView(page: VisitorPage, root: HTMLElement, view: FollowView): void {
  const { i18n } = page
  const place = placeText(view)
  root.setAttribute('data-state', view.state)
  replaceChildren(
    root,
    h('h1', {}, i18n.t('visit.title')),
    h('p', {}, view.visitorName, ' · ', view.gateName),
    place === null ? null : h('p', {}, i18n.t('visit.to', { place })),
    h('p', { class: 'muted' }, i18n.t('visit.expected', { time: formatDateTime(i18n, view.expectedAtMs) })),
    outcome(i18n, view),
    view.state === 'pending' ? null : againButton(page),
  )
}

function againButton(page: VisitorPage): HTMLElement {
  return h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'big', 'data-action': 'visit-again', onclick: () => startOver(page) }, page.i18n.t('visit.again')))
}

function startOver(page: VisitorPage): void {
  storeRequest(null)
  page.render()
}

/**
 * The visitor's request, followed with its token until the household answers: waiting, declined
 * (with their note), lapsed, or approved with the pass's QR code large. Stops asking once the page
 * shows something else (a new request, a language switch re-renders it).
 */
export function showVisitorRequestStatus(page: VisitorPage, stored: StoredVisitorRequest): void {
  const { i18n, api } = page
  const root = h('section', { class: 'card narrow visit-status', 'data-screen': 'visitor-status', 'data-request': stored.id }, h('p', { class: 'muted' }, i18n.t('visit.checking')))
  showOnPage(page, root)
  const poll = async (): Promise<void> => {
    if (!root.isConnected) return
    let delayMs = PENDING_POLL_MS
    try {
      const view = await api.post<FollowView>('/api/visitor-requests/follow', { token: stored.token })
      if (!root.isConnected) return
      renderView(page, root, view)
      delayMs = view.state === 'pending' ? PENDING_POLL_MS : view.state === 'approved' && view.pass?.state === 'active' ? DECIDED_POLL_MS : 0
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_FOUND') {
        replaceChildren(root, h('p', { class: 'form-error', role: 'alert' }, i18n.t('visit.lost')), againButton(page))
        return
      }
      replaceChildren(root, h('h1', {}, i18n.t('visit.title')), h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
    }
    if (delayMs > 0) setTimeout(() => void poll(), delayMs)
  }
  void poll()
}
