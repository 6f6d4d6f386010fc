import { h } from '../shared/dom.js'
import { formatDateTime } from '../shared/format.js'
import type { I18n } from '../shared/i18n.js'

/** POST /api/returnees/:returneeId/temporary-pass's answer. */
export interface TemporaryPass {
  readonly returneeId: string
  readonly credentialId: string
  readonly personId: string
  readonly personName: string
  readonly passNumber: string
  readonly validFromMs: number
  readonly validUntilMs: number
  readonly issuedAtMs: number
  readonly buildingName: string | null
  readonly unitName: string | null
  readonly room: string | null
  readonly isNew: boolean
}

/** "R8K2M0Q4X7W1Z" → "R8K2 M0Q4 X7W1 Z": easier to copy onto paper (the gate ignores the spaces). */
export function groupedPassNumber(passNumber: string): string {
  return passNumber.replace(/(.{4})(?=.)/g, '$1 ')
}

/**
 * The temporary entry pass (临时出入证) as the volunteer hands it over: holder, address, the
 * number in large print and until when it holds. It prints on its own (print stylesheet): the
 * rest of the screen is left off the paper.
 */
export function temporaryPassCard(i18n: I18n, pass: TemporaryPass, issuer: string): HTMLElement {
  const address = [pass.buildingName, pass.unitName, pass.room].filter((part) => part !== null && part !== '').join(' ')
  const row = (label: string, value: string, attrs: Record<string, string> = {}) => h('div', { class: 'staff-pass-row' }, h('dt', {}, i18n.t(label)), h('dd', attrs, value))
  return h(
    'article',
    { class: 'card staff-pass print-only-card', 'data-temporary-pass': pass.credentialId },
    h('h2', {}, i18n.t('staff.pass.title')),
    h(
      'dl',
      {},
      row('staff.pass.number', groupedPassNumber(pass.passNumber), { class: 'staff-pass-number', 'data-pass-number': pass.passNumber }),
      row('staff.pass.holder', pass.personName),
      address === '' ? null : row('staff.pass.address', address),
      row('staff.pass.validUntil', formatDateTime(i18n, pass.validUntilMs), { 'data-valid-until': String(pass.validUntilMs) }),
    ),
    h('p', { class: 'muted' }, i18n.t('staff.pass.issued', { name: issuer, time: formatDateTime(i18n, pass.issuedAtMs) })),
    pass.isNew ? null : h('p', { class: 'notice' }, i18n.t('staff.pass.again')),
  )
}
