import { ApiClient } from './api-client.js'
import { loadSession, signIn, signOut, type HubRole, type SignedInAccount } from './app-session.js'
import { h, replaceChildren, type Child } from './dom.js'
import { errorText } from './error-text.js'
import { formView } from './form-view.js'
import type { I18n } from './i18n.js'

export interface NavItem {
  /** Hash path, e.g. `/residents`. */
  readonly path: string
  /** Text key. */
  readonly label: string
  /** Roles that see the item (the server enforces the same on every request). */
  readonly roles?: readonly HubRole[]
}

export interface AppShellSpec {
  /** Text key of the app's title, shown in the header and the tab. */
  readonly title: string
  readonly i18n: I18n
  readonly api: ApiClient
  /** Roles this app is for; others are told which app is theirs. */
  readonly roles: readonly HubRole[]
  readonly nav?: (account: SignedInAccount) => readonly NavItem[]
  /** Offer first-admin setup when the hub has no admin yet (the admin console). */
  readonly offersSetup?: boolean
  /** Runs once signed in; renders into `shell.main` (and again after a language switch). */
  readonly start: (shell: AppShell) => void
}

/**
 * The frame every Gatehouse screen shares: header (title, navigation, language, who is signed
 * in, sign out), the main area, and the way in — first-admin setup, sign-in, and the password
 * change an admin reset forces. A session that ends mid-work brings the sign-in back.
 */
export class AppShell {
  readonly main = h('main', { id: 'main', tabindex: -1 })
  readonly #header = h('header', { class: 'app-header' })
  readonly #spec: AppShellSpec
  account: SignedInAccount | null = null

  constructor(spec: AppShellSpec) {
    this.#spec = spec
  }

  get i18n(): I18n {
    return this.#spec.i18n
  }

  get api(): ApiClient {
    return this.#spec.api
  }

  async boot(root: HTMLElement): Promise<void> {
    const { i18n, api } = this.#spec
    document.documentElement.lang = i18n.lang === 'zh' ? 'zh-CN' : 'en'
    replaceChildren(root, this.#header, this.main)
    i18n.onChange(() => {
      this.#renderHeader()
      if (this.account !== null && !this.account.mustChangePassword) this.#spec.start(this)
    })
    api.onSignedOut(() => {
      this.account = null
      this.#renderHeader()
      this.#showSignIn()
    })
    this.#renderHeader()
    this.show(h('p', { class: 'muted' }, i18n.t('state.loading')))
    try {
      this.account = await loadSession(api)
    } catch (error) {
      this.show(h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)), h('button', { class: 'big', onclick: () => location.reload() }, i18n.t('action.retry')))
      return
    }
    await this.#enter()
  }

  /** Replaces the main area's content. */
  show(...children: Child[]): void {
    replaceChildren(this.main, ...children)
  }

  async #enter(): Promise<void> {
    this.#renderHeader()
    if (this.account === null) {
      if (this.#spec.offersSetup === true && (await this.#needsSetup())) this.#showSetup()
      else this.#showSignIn()
      return
    }
    if (this.account.mustChangePassword) {
      this.#showPasswordChange(true)
      return
    }
    if (!this.#spec.roles.includes(this.account.role)) {
      this.show(h('div', { class: 'card' }, h('p', {}, this.i18n.t('shell.wrongApp')), appLinksFor(this.i18n, this.account.role)))
      return
    }
    this.#spec.start(this)
  }

  async #needsSetup(): Promise<boolean> {
    try {
      return !(await this.api.get<{ isSetUp: boolean }>('/api/setup')).isSetUp
    } catch {
      return false
    }
  }

  #renderHeader(): void {
    const { i18n } = this.#spec
    document.title = `${i18n.t(this.#spec.title)} · Gatehouse`
    const account = this.account
    const nav = account === null || account.mustChangePassword ? [] : (this.#spec.nav?.(account) ?? []).filter((item) => item.roles === undefined || item.roles.includes(account.role))
    replaceChildren(
      this.#header,
      h('div', { class: 'app-title' }, i18n.t(this.#spec.title)),
      nav.length === 0 ? null : h('nav', { class: 'app-nav' }, nav.map((item) => h('a', { href: `#${item.path}` }, i18n.t(item.label)))),
      h(
        'div',
        { class: 'app-tools' },
        account === null ? null : h('span', { class: 'who' }, account.displayName),
        h('button', { type: 'button', class: 'lang', title: i18n.t('lang.switch.title'), onclick: () => i18n.setLang(i18n.lang === 'zh' ? 'en' : 'zh') }, i18n.t('lang.switch')),
        account === null
          ? null
          : h('button', { type: 'button', class: 'quiet', onclick: () => void this.#signOut() }, i18n.t('action.signOut')),
      ),
    )
  }

  async #signOut(): Promise<void> {
    try {
      await signOut(this.api)
    } finally {
      this.account = null
      this.#renderHeader()
      this.#showSignIn()
    }
  }

  #showSignIn(): void {
    const { i18n, api } = this.#spec
    const form = formView(i18n, {
      fields: [
        { name: 'username', label: 'signIn.username', isRequired: true, maxLength: 64, autocomplete: 'username' },
        { name: 'password', label: 'signIn.password', kind: 'password', isRequired: true, autocomplete: 'current-password' },
      ],
      submitLabel: 'signIn.submit',
      errorFields: { INVALID_CREDENTIALS: 'password', SIGN_IN_LOCKED: 'username', ACCOUNT_DISABLED: 'username' },
      onSubmit: async (values) => {
        this.account = await signIn(api, String(values.username), String(values.password))
        await this.#enter()
      },
    })
    this.show(h('section', { class: 'card narrow', 'data-screen': 'sign-in' }, h('h1', {}, i18n.t('signIn.title')), form.element))
  }

  #showSetup(): void {
    const { i18n, api } = this.#spec
    const form = formView(i18n, {
      fields: [
        { name: 'token', label: 'setup.token', isRequired: true, maxLength: 200 },
        { name: 'displayName', label: 'setup.displayName', isRequired: true, maxLength: 64 },
        { name: 'username', label: 'signIn.username', isRequired: true, minLength: 3, maxLength: 64, autocomplete: 'username' },
        { name: 'password', label: 'password.new', kind: 'password', isRequired: true, minLength: 10, autocomplete: 'new-password' },
      ],
      submitLabel: 'setup.submit',
      errorFields: { SETUP_TOKEN_INVALID: 'token', SETUP_TOKEN_EXPIRED: 'token', USERNAME_TAKEN: 'username', WEAK_PASSWORD: 'password' },
      onSubmit: async (values) => {
        await api.post('/api/setup', values)
        this.account = await signIn(api, String(values.username), String(values.password))
        await this.#enter()
      },
    })
    this.show(h('section', { class: 'card narrow', 'data-screen': 'setup' }, h('h1', {}, i18n.t('setup.title')), h('p', {}, i18n.t('setup.intro')), form.element))
  }

  #showPasswordChange(isForced: boolean): void {
    const { i18n, api } = this.#spec
    const form = formView(i18n, {
      fields: [
        { name: 'currentPassword', label: 'password.current', kind: 'password', isRequired: true, autocomplete: 'current-password' },
        { name: 'newPassword', label: 'password.new', kind: 'password', isRequired: true, minLength: 10, autocomplete: 'new-password' },
        { name: 'repeat', label: 'password.repeat', kind: 'password', isRequired: true, autocomplete: 'new-password' },
      ],
      submitLabel: 'action.save',
      errorFields: { CURRENT_PASSWORD_WRONG: 'currentPassword', WEAK_PASSWORD: 'newPassword' },
      check: (values) => (values.newPassword === values.repeat ? null : { repeat: 'password.mismatch' }),
      onSubmit: async (values) => {
        await api.post('/api/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword })
        this.account = await loadSession(api)
        await this.#enter()
      },
    })
    this.show(
      h('section', { class: 'card narrow', 'data-screen': 'password' }, h('h1', {}, i18n.t('password.title')), isForced ? h('p', { class: 'notice' }, i18n.t('password.mustChange')) : null, form.element),
    )
  }

  /** The password change screen, for a "my account" link. */
  showPasswordChange(): void {
    this.#showPasswordChange(false)
  }
}

/** Where each role works: gate staff at /staff/, residents and landlords on the phone app. */
export function appLinksFor(i18n: I18n, role: HubRole): HTMLElement {
  const home = role === 'gate-staff' ? '/staff/' : role === 'resident' || role === 'landlord' ? '/app/' : '/admin/'
  return h('p', {}, h('a', { class: 'big button', href: home }, i18n.t('shell.goTo', { app: i18n.t(`shell.app.${home.replace(/\//g, '')}`) })))
}
