import { h } from '../../../shared/dom.js'
import type { FieldSpec, FormValues } from '../../../shared/form-view.js'
import { fromLocalInputValue } from '../../../shared/format.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { DAY_MS, type CredentialView, type PhoneKeyView } from './access-views.js'

export type IssuedKind = 'card' | 'entry-pass' | 'pin'

/** The Wiegand layouts the gates' readers speak (protocol/wiegand/wiegand-format.ts). */
const CARD_FORMATS = ['H10301', 'WIEGAND_34', 'WIEGAND_34_UID'] as const

const validUntilField: FieldSpec = { name: 'validThrough', label: 'credentials.validThrough', kind: 'date', hint: 'credentials.validThrough.hint' }

function fieldsOf(kind: IssuedKind): FieldSpec[] {
  switch (kind) {
    case 'card':
      return [
        { name: 'format', label: 'credentials.format', kind: 'select', isRequired: true, value: 'H10301', options: CARD_FORMATS.map((format) => ({ value: format, label: format })), hint: 'credentials.format.hint' },
        { name: 'facility', label: 'credentials.facility', kind: 'number', min: 0, max: 65535, step: 1, hint: 'credentials.facility.hint' },
        { name: 'cardNumber', label: 'credentials.cardNumber', kind: 'number', isRequired: true, min: 0, max: 281474976710655, step: 1 },
        validUntilField,
      ]
    case 'entry-pass':
      return [{ name: 'passNumber', label: 'credentials.passNumber', isRequired: true, maxLength: 64, pattern: '[0-9A-Za-z０-９Ａ-Ｚａ-ｚ \\-]+', hint: 'credentials.passNumber.hint' }, validUntilField]
    case 'pin':
      return [{ name: 'digits', label: 'credentials.pin', kind: 'password', isRequired: true, pattern: '[0-9０-９]{4,12}', hint: 'credentials.pin.hint', autocomplete: 'new-password' }, validUntilField]
  }
}

/** The body of POST /api/credentials: the chosen last day becomes "not valid from the next midnight". */
function issueBody(kind: IssuedKind, personId: string, values: FormValues): Record<string, unknown> {
  const { validThrough, ...read } = values
  const lastDay = typeof validThrough === 'string' ? fromLocalInputValue(validThrough) : null
  return { kind, personId, ...read, ...(lastDay !== null && { validUntilMs: lastDay + DAY_MS }) }
}

/** Issue a card, an entry pass or a PIN to `person`. */
export function openIssueDialog(context: ScreenContext, person: { readonly id: string; readonly displayName: string }, kind: IssuedKind, onIssued: () => void): void {
  const { i18n, api } = context
  const field = kind === 'card' ? 'cardNumber' : kind === 'pin' ? 'digits' : 'passNumber'
  openFormDialog(i18n, {
    name: `issue-${kind}`,
    title: `credentials.issue.${kind}`,
    intro: h('p', {}, i18n.t('credentials.issue.for', { name: person.displayName })),
    fields: fieldsOf(kind),
    submitLabel: `credentials.issue.${kind}`,
    errorFields: { BAD_CREDENTIAL: field, DUPLICATE_LOOKUP_KEY: field, BAD_INTERVAL: 'validThrough' },
    onSubmit: async (values) => {
      await api.post<CredentialView>('/api/credentials', issueBody(kind, person.id, values))
      showToast(i18n.t('credentials.issued'))
      onIssued()
    },
  })
}

/** Revoke a credential, with a reason for the audit log ("card lost"). */
export function openRevokeDialog(context: ScreenContext, credential: CredentialView, onRevoked: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: 'revoke-credential',
    title: 'credentials.revoke',
    intro: h('p', {}, i18n.t('credentials.revoke.intro', { kind: i18n.t(`credentials.kind.${credential.kind}`), reference: credential.maskedReference, name: credential.personName })),
    fields: [{ name: 'reason', label: 'credentials.reason', maxLength: 200, placeholder: i18n.t('credentials.reason.example') }],
    submitLabel: 'credentials.revoke',
    onSubmit: async (values) => {
      await api.post(`/api/credentials/${encodeURIComponent(credential.id)}/revoke`, values)
      showToast(i18n.t('credentials.revoked'))
      onRevoked()
    },
  })
}

/** Bind an entry pass to one of its holder's enrolled phones (or unbind it): only that phone may present it. */
export function openBindDialog(context: ScreenContext, credential: CredentialView, phones: readonly PhoneKeyView[], onBound: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: 'bind-phone',
    title: 'credentials.bind',
    intro: h('p', {}, i18n.t(phones.length === 0 ? 'credentials.bind.noPhones' : 'credentials.bind.intro')),
    fields: [
      {
        name: 'phoneKeyId',
        label: 'credentials.bind.phone',
        kind: 'select',
        value: credential.boundPhoneKeyId,
        options: phones.map((phone) => ({ value: phone.id, label: phone.label ?? phone.id })),
        hint: 'credentials.bind.unbindHint',
      },
    ],
    submitLabel: 'action.save',
    errorFields: { BAD_BINDING: 'phoneKeyId', UNKNOWN_REFERENCE: 'phoneKeyId' },
    onSubmit: async (values) => {
      await api.put(`/api/credentials/${encodeURIComponent(credential.id)}/phone-binding`, { phoneKeyId: values.phoneKeyId ?? null })
      showToast(i18n.t('state.saved'))
      onBound()
    },
  })
}
