import { h } from '../../shared/dom.js'
import { fromLocalInputValue, toLocalInputValue } from '../../shared/format.js'
import { formView } from '../../shared/form-view.js'
import { navigate } from '../../shared/router.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import type { VisitorPassView } from './visitor-host-api.js'
import { untilAfterFrom } from './visitor-requests-screen.js'

const FIVE_MINUTES_MS = 5 * 60_000
const DEFAULT_LENGTH_MS = 4 * 3_600_000
/** The hub's own check (visitor-pass-routes.ts): digits, spaces and hyphens, an optional +. */
const PHONE_PATTERN = '\\+?[0-9][0-9 -]{4,19}'

/**
 * Invite a visitor directly (issue 5 §4): name, optional phone, a time box of at most a day; the
 * hub issues a pass for the gates and my building (POST /api/visitor-passes), shown next to share.
 */
export function inviteVisitorScreen(context: ScreenContext): void {
  const { shell, i18n, api } = context
  const fromMs = Math.ceil(Date.now() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS
  const form = formView(i18n, {
    fields: [
      { name: 'visitorName', label: 'host.invite.name', isRequired: true, maxLength: 64 },
      { name: 'visitorPhone', label: 'host.invite.phone', kind: 'tel', pattern: PHONE_PATTERN },
      { name: 'validFrom', label: 'host.invite.from', kind: 'datetime-local', isRequired: true, value: toLocalInputValue(fromMs) },
      { name: 'validUntil', label: 'host.invite.until', kind: 'datetime-local', isRequired: true, value: toLocalInputValue(fromMs + DEFAULT_LENGTH_MS) },
    ],
    submitLabel: 'host.invite.submit',
    errorFields: { BAD_VISITOR_PASS: 'validUntil', HOST_HAS_NO_BUILDING: 'visitorName' },
    check: untilAfterFrom,
    onSubmit: async (values) => {
      const validFromMs = fromLocalInputValue(String(values.validFrom))
      const body = {
        visitorName: String(values.visitorName),
        ...(values.visitorPhone !== undefined && { visitorPhone: String(values.visitorPhone) }),
        ...(validFromMs !== null && { validFromMs }),
        validUntilMs: fromLocalInputValue(String(values.validUntil)),
      }
      const pass = await api.post<VisitorPassView>('/api/visitor-passes', body)
      navigate(`/visitors/passes/${encodeURIComponent(pass.id)}`)
    },
  })
  shell.show(
    h(
      'section',
      { 'data-screen': 'visitor-invite', class: 'phone-screen card narrow' },
      h('h1', {}, i18n.t('host.invite.title')),
      h('p', { class: 'notice' }, i18n.t('host.invite.intro')),
      form.element,
      h('p', {}, h('a', { href: '#/visitors' }, i18n.t('action.back'))),
    ),
  )
}
