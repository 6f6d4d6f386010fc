import { h, replaceChildren } from '../../shared/dom.js'
import { errorText } from '../../shared/error-text.js'
import { formatDateTime, fromLocalInputValue, toLocalInputValue } from '../../shared/format.js'
import { formView, type FormValues } from '../../shared/form-view.js'
import type { I18n } from '../../shared/i18n.js'
import { navigate } from '../../shared/router.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { showToast } from '../../shared/toast.js'
import type { Page, VisitorPassView, VisitorRequestView } from './visitor-host-api.js'

const FIVE_MINUTES_MS = 5 * 60_000
const HOUR_MS = 3_600_000
/** What the approve form proposes: from half an hour before the visitor's arrival, for four hours. */
const DEFAULT_EARLY_MS = 30 * 60_000
const DEFAULT_LENGTH_MS = 4 * HOUR_MS

export function untilAfterFrom(values: FormValues): Readonly<Record<string, string>> | null {
  const from = fromLocalInputValue(String(values.validFrom ?? ''))
  const until = fromLocalInputValue(String(values.validUntil ?? ''))
  return from !== null && until !== null && until <= from ? { validUntil: 'host.invite.untilAfterFrom' } : null
}

function requestCard(context: ScreenContext, request: VisitorRequestView, rerender: () => void): HTMLElement {
  const { i18n, api } = context
  const fromMs = Math.floor(Math.max(Date.now(), request.expectedAtMs - DEFAULT_EARLY_MS) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS
  const approve = formView(i18n, {
    fields: [
      { name: 'validFrom', label: 'host.approve.from', kind: 'datetime-local', isRequired: true, value: toLocalInputValue(fromMs) },
      { name: 'validUntil', label: 'host.approve.until', kind: 'datetime-local', isRequired: true, value: toLocalInputValue(fromMs + DEFAULT_LENGTH_MS) },
    ],
    submitLabel: 'host.approve',
    errorFields: { BAD_VISITOR_PASS: 'validUntil' },
    check: untilAfterFrom,
    onSubmit: async (values) => {
      const validFromMs = fromLocalInputValue(String(values.validFrom))
      const validUntilMs = fromLocalInputValue(String(values.validUntil))
      await api.post(`/api/visitor-requests/${encodeURIComponent(request.id)}/approve`, { ...(validFromMs !== null && { validFromMs }), validUntilMs })
      showToast(i18n.t('host.approved'))
      rerender()
    },
  })
  approve.element.setAttribute('data-action', 'approve')
  const decline = formView(i18n, {
    fields: [{ name: 'reason', label: 'host.decline.reason', maxLength: 200 }],
    submitLabel: 'host.decline',
    onSubmit: async (values) => {
      await api.post(`/api/visitor-requests/${encodeURIComponent(request.id)}/decline`, values.reason === undefined ? {} : { reason: String(values.reason) })
      showToast(i18n.t('host.declined'))
      rerender()
    },
  })
  decline.element.setAttribute('data-action', 'decline')
  return h(
    'li',
    { class: 'card visitor-request', 'data-row': request.id },
    h('p', { class: 'big-text' }, h('strong', {}, request.visitorName), ' ', h('a', { href: `tel:${request.visitorPhone}` }, request.visitorPhone)),
    h('p', {}, i18n.t('host.request.purpose', { purpose: request.purpose })),
    h('p', {}, i18n.t('host.request.expected', { time: formatDateTime(i18n, request.expectedAtMs) })),
    h('p', { class: 'muted' }, i18n.t('host.request.gate', { gate: request.gateName }), ' · ', i18n.t('host.request.place', { place: `${request.buildingName} ${request.unitName} ${request.room}` })),
    approve.element,
    h('details', { class: 'visitor-decline' }, h('summary', {}, i18n.t('host.decline')), decline.element),
  )
}

function passRow(context: ScreenContext, pass: VisitorPassView, rerender: () => void): HTMLElement {
  const { i18n, api } = context
  const revoke = async () => {
    try {
      await api.post(`/api/visitor-passes/${encodeURIComponent(pass.id)}/revoke`, {})
      showToast(i18n.t('host.pass.revoked'))
    } catch (error) {
      showToast(errorText(i18n, error))
    }
    rerender()
  }
  return h(
    'li',
    { class: 'card visitor-pass-row', 'data-row': pass.id },
    h('strong', {}, pass.visitorName),
    h('p', { class: 'muted' }, i18n.t('host.pass.valid', { from: formatDateTime(i18n, pass.validFromMs), until: formatDateTime(i18n, pass.validUntilMs) })),
    h(
      'div',
      { class: 'form-actions' },
      pass.qrText === null ? null : h('a', { class: 'button big', href: `#/visitors/passes/${encodeURIComponent(pass.id)}` }, i18n.t('host.pass.show')),
      h('button', { type: 'button', class: 'big danger', 'data-action': 'revoke', onclick: () => void revoke() }, i18n.t('host.pass.revoke')),
    ),
  )
}

function listOrEmpty(i18n: I18n, items: readonly HTMLElement[], emptyKey: string): HTMLElement {
  return items.length === 0 ? h('p', { class: 'muted empty' }, i18n.t(emptyKey)) : h('ul', { class: 'visitor-list' }, items)
}

/**
 * The host's visitors (issue 5 §3–4): the requests from the gate poster waiting for an answer
 * (approve with a time box, or decline with a note), the passes I issued (show, cancel), and
 * inviting a visitor directly.
 */
export async function visitorRequestsScreen(context: ScreenContext): Promise<void> {
  const { shell, i18n, api } = context
  const rerender = () => void visitorRequestsScreen(context)
  const content = h('div', {}, h('p', { class: 'muted' }, i18n.t('state.loading')))
  shell.show(
    h(
      'section',
      { 'data-screen': 'visitor-host', class: 'phone-screen' },
      h('h1', {}, i18n.t('host.title')),
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', class: 'big primary', 'data-action': 'invite', onclick: () => navigate('/visitors/invite') }, i18n.t('host.invite')),
        h('button', { type: 'button', class: 'big', onclick: rerender }, i18n.t('host.refresh')),
      ),
      content,
    ),
  )
  try {
    const [requests, passes] = await Promise.all([
      api.get<Page<VisitorRequestView>>('/api/visitor-requests', { state: 'pending' }),
      api.get<Page<VisitorPassView>>('/api/visitor-passes', { status: 'active', state: 'current' }),
    ])
    replaceChildren(
      content,
      h('h2', {}, i18n.t('host.requests')),
      h('div', { 'data-list': 'requests' }, listOrEmpty(i18n, requests.items.map((request) => requestCard(context, request, rerender)), 'host.noRequests')),
      h('h2', {}, i18n.t('host.passes')),
      h('div', { 'data-list': 'passes' }, listOrEmpty(i18n, passes.items.map((pass) => passRow(context, pass, rerender)), 'host.noPasses')),
    )
  } catch (error) {
    replaceChildren(content, h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
  }
}
