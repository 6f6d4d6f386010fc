import type { HubRole, SignedInAccount } from '../../../shared/app-session.js'
import { h } from '../../../shared/dom.js'
import type { FieldSpec, FormValues } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { followSelect } from '../shared/follow-select.js'
import { openFormDialog } from '../shared/form-dialog.js'

/** An account as GET /api/accounts lists it: what the signed-in account knows of itself, and whether it is disabled. */
export interface AccountView extends SignedInAccount {
  readonly isDisabled: boolean
}

export interface ScopeChoice {
  readonly id: string
  readonly name: string
}

/** What each role's account is confined to. */
export interface ScopeChoices {
  readonly grids: readonly ScopeChoice[]
  readonly checkpoints: readonly ScopeChoice[]
  readonly landlords: readonly ScopeChoice[]
}

/** A resident account fixed to one person (made from their page). */
export interface FixedPerson {
  readonly id: string
  readonly name: string
}

export const ROLES: readonly HubRole[] = ['admin', 'grid-manager', 'gate-staff', 'landlord', 'resident']
/** The scope field each role needs: a grid manager's grid, gate staff's checkpoint, the landlord, the resident's person. */
const SCOPE_FIELDS = { 'grid-manager': 'gridId', 'gate-staff': 'checkpointEdgeId', landlord: 'landlordId', resident: 'personId' } as const
const SCOPE_NAMES = ['gridId', 'checkpointEdgeId', 'landlordId', 'personId'] as const

function scopeFields(choices: ScopeChoices, account: AccountView | null, fixed: FixedPerson | null): FieldSpec[] {
  const options = (items: readonly ScopeChoice[]) => items.map((item) => ({ value: item.id, label: item.name }))
  return [
    { name: 'gridId', label: 'accounts.scope.grid', kind: 'select', value: account?.gridId ?? null, options: options(choices.grids) },
    { name: 'checkpointEdgeId', label: 'accounts.scope.checkpoint', kind: 'select', value: account?.checkpointEdgeId ?? null, options: options(choices.checkpoints) },
    { name: 'landlordId', label: 'accounts.scope.landlord', kind: 'select', value: account?.landlordId ?? null, options: options(choices.landlords) },
    fixed === null
      ? { name: 'personId', label: 'accounts.scope.person', maxLength: 64, value: account?.personId ?? null, hint: 'accounts.scope.personHint' }
      : { name: 'personId', label: 'accounts.scope.person', kind: 'select', isRequired: true, value: fixed.id, options: [{ value: fixed.id, label: fixed.name }] },
  ]
}

/** The role's own scope, the others cleared (an account has one scope, the one its role needs). */
function scopeOf(values: FormValues, isNew: boolean): Record<string, string | null> {
  const wanted = SCOPE_FIELDS[String(values.role) as keyof typeof SCOPE_FIELDS] as string | undefined
  const scope: Record<string, string | null> = {}
  for (const name of SCOPE_NAMES) {
    const value = name === wanted && typeof values[name] === 'string' ? String(values[name]) : null
    if (value !== null || !isNew) scope[name] = value
  }
  return scope
}

const needsScope = (values: FormValues) => {
  const wanted = SCOPE_FIELDS[String(values.role) as keyof typeof SCOPE_FIELDS] as string | undefined
  return wanted === undefined || typeof values[wanted] === 'string' ? null : { [wanted]: 'accounts.scope.required' }
}

/** The one-time temporary password, shown once, in large letters to read out or copy. */
export function showTemporaryPassword(i18n: I18n, account: { readonly username: string; readonly displayName: string }, password: string): void {
  const dialog = h(
    'dialog',
    { class: 'form-dialog', 'data-dialog': 'temporary-password' },
    h('h2', {}, i18n.t('accounts.temporary.title')),
    h('p', {}, i18n.t('accounts.temporary.intro', { name: account.displayName, username: account.username })),
    h('p', { class: 'temporary-password', 'data-temporary-password': '' }, password),
    h('p', { class: 'notice' }, i18n.t('accounts.temporary.once')),
  )
  dialog.append(h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'big primary', onclick: () => dialog.close() }, i18n.t('accounts.temporary.done'))))
  dialog.addEventListener('close', () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
}

/**
 * Create an account with its role and scope (grid for a grid manager, checkpoint for gate
 * staff, the landlord, the person for a resident) — its one-time password is shown once — or
 * change one's name, role and scope.
 */
export function openAccountDialog(context: ScreenContext, choices: ScopeChoices, account: AccountView | null, fixed: FixedPerson | null, onSaved: () => void): void {
  const { i18n, api } = context
  const roleOptions = (fixed === null ? ROLES : (['resident'] as const)).map((role) => ({ value: role, label: i18n.t(`accounts.role.${role}`) }))
  const dialog = openFormDialog(i18n, {
    name: account === null ? 'new-account' : 'edit-account',
    title: account === null ? 'accounts.new' : 'accounts.edit',
    fields: [
      ...(account === null ? [{ name: 'username', label: 'accounts.username', isRequired: true, minLength: 3, maxLength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._@-]{2,63}', hint: 'accounts.username.hint', autocomplete: 'off' } satisfies FieldSpec] : []),
      { name: 'displayName', label: 'accounts.displayName', isRequired: true, maxLength: 100, value: account?.displayName ?? fixed?.name ?? null },
      { name: 'role', label: 'accounts.roleLabel', kind: 'select', isRequired: true, value: account?.role ?? (fixed === null ? 'grid-manager' : 'resident'), options: roleOptions },
      ...scopeFields(choices, account, fixed),
    ],
    submitLabel: 'action.save',
    errorFields: { USERNAME_TAKEN: 'username', INVALID_SCOPE: 'role', LAST_ADMIN: 'role' },
    check: needsScope,
    onSubmit: async (values) => {
      const body = { displayName: values.displayName, role: values.role, ...scopeOf(values, account === null) }
      if (account !== null) {
        await api.patch(`/api/accounts/${encodeURIComponent(account.id)}`, body)
        showToast(i18n.t('state.saved'))
        onSaved()
        return
      }
      const created = await api.post<{ account: AccountView; temporaryPassword: string }>('/api/accounts', { username: values.username, ...body })
      onSaved()
      showTemporaryPassword(i18n, created.account, created.temporaryPassword)
    },
  })
  const form = dialog.querySelector('form')
  if (form !== null) followSelect(form, 'role', SCOPE_FIELDS)
}

const accountPath = (account: AccountView) => `/api/accounts/${encodeURIComponent(account.id)}`

/** Disable an account (its sessions end at once) or enable it again. */
export function openDisableDialog(context: ScreenContext, account: AccountView, onChanged: () => void): void {
  const { i18n, api } = context
  const action = account.isDisabled ? 'accounts.enable' : 'accounts.disable'
  openFormDialog(i18n, {
    name: account.isDisabled ? 'enable-account' : 'disable-account',
    title: action,
    intro: h('p', {}, i18n.t(`${action}.intro`, { name: account.displayName })),
    fields: [],
    submitLabel: action,
    onSubmit: async () => {
      await api.patch(accountPath(account), { isDisabled: !account.isDisabled })
      showToast(i18n.t('state.saved'))
      onChanged()
    },
  })
}

/** A new one-time temporary password (sessions end, a sign-in lock lifts), shown once. */
export function openResetPasswordDialog(context: ScreenContext, account: AccountView, onChanged: () => void): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: 'reset-password',
    title: 'accounts.reset',
    intro: h('p', {}, i18n.t('accounts.reset.intro', { name: account.displayName })),
    fields: [],
    submitLabel: 'accounts.reset',
    onSubmit: async () => {
      const reply = await api.post<{ temporaryPassword: string }>(`${accountPath(account)}/password-reset`)
      onChanged()
      showTemporaryPassword(i18n, account, reply.temporaryPassword)
    },
  })
}
