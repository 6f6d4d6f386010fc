import { join } from 'node:path'
import type { Test } from 'tap'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { CookieSessions, sessionAuthenticator } from '../../../hub/src/adapters/http/cookie-sessions.js'
import { accountRoutes } from '../../../hub/src/adapters/http/routes/account-routes.js'
import { auditRoutes } from '../../../hub/src/adapters/http/routes/audit-routes.js'
import { healthRoutes } from '../../../hub/src/adapters/http/routes/health-routes.js'
import { sessionRoutes } from '../../../hub/src/adapters/http/routes/session-routes.js'
import { ScryptPasswordHasher, type ScryptParameters } from '../../../hub/src/adapters/crypto/scrypt-password-hasher.js'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { SqliteAccountStore } from '../../../hub/src/adapters/sqlite/sqlite-account-store.js'
import { SqliteAuditLogReader } from '../../../hub/src/adapters/sqlite/sqlite-audit-log-reader.js'
import { SqliteSessionStore } from '../../../hub/src/adapters/sqlite/sqlite-session-store.js'
import { SqliteSetupTokenStore } from '../../../hub/src/adapters/sqlite/sqlite-setup-token-store.js'
import type { PasswordHasher } from '../../../hub/src/ports/password-hasher.js'
import { AccountAdministration } from '../../../hub/src/services/accounts/account-administration.js'
import { FirstAdminSetup } from '../../../hub/src/services/accounts/first-admin-setup.js'
import { IpFailureLimiter, type IpFailureLimits } from '../../../hub/src/services/accounts/ip-failure-limiter.js'
import { SignInService } from '../../../hub/src/services/accounts/sign-in-service.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

/** Cheap scrypt for tests (1 MiB); the defaults are exercised in scrypt-password-hasher.test.ts. */
export const TEST_SCRYPT: ScryptParameters = { log2N: 10, r: 8, p: 1, saltBytes: 16, keyBytes: 32 }

export const ADMIN = { username: 'admin.li', displayName: 'Li Wei', password: 'correct horse battery' }

export interface SignedIn {
  readonly cookie: string
  readonly csrfToken: string
  readonly setCookie: string
}

export interface AccountsFixtureOptions {
  readonly isCookieSecure?: boolean
  readonly ipLimits?: IpFailureLimits
  readonly hasher?: PasswordHasher
}

/** The accounts stack on a real SQLite file, a real fastify app (inject) and a manual clock. */
export function accountsFixture(t: Test, options: AccountsFixtureOptions = {}) {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  const { connection } = database
  const clock = new ManualClock()
  const log = new SilentLogger()
  const hasher = options.hasher ?? new ScryptPasswordHasher(TEST_SCRYPT)
  const accounts = new SqliteAccountStore(connection)
  const sessions = new SqliteSessionStore(connection)
  const ipLimiter = new IpFailureLimiter(options.ipLimits)
  const signIn = new SignInService({ accounts, sessions, hasher, ipLimiter, clock, log })
  const setup = new FirstAdminSetup({ accounts, setupTokens: new SqliteSetupTokenStore(connection), hasher, ipLimiter, clock, log })
  const administration = new AccountAdministration({ accounts, sessions, hasher, clock })
  const cookies = new CookieSessions({ signIn, clock, isCookieSecure: options.isCookieSecure ?? false })
  const app = buildHubApp({
    log,
    authenticate: sessionAuthenticator(cookies),
    isHttps: options.isCookieSecure ?? false,
    routes: [
      sessionRoutes({ signIn, cookies, setup }),
      accountRoutes({ administration }),
      auditRoutes({ auditLog: new SqliteAuditLogReader(connection) }),
      healthRoutes({ checks: { database: () => connection.prepare('SELECT 1').get() !== undefined } }),
    ],
  })
  t.teardown(() => app.close())

  async function request(method: InjectOptions['method'], url: string, as?: SignedIn | null, payload?: object, extra: InjectOptions = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(extra.headers as Record<string, string> | undefined) }
    if (as) {
      headers['cookie'] = as.cookie
      if (method !== 'GET') headers['x-csrf-token'] = as.csrfToken
    }
    return app.inject({ ...extra, method, url, headers, ...(payload === undefined ? {} : { payload }) })
  }

  async function signInAs(username: string, password: string, remoteAddress = '10.0.0.5'): Promise<SignedIn> {
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress })
    if (response.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${response.statusCode} ${response.body}`)
    const setCookie = String(response.headers['set-cookie'])
    return { cookie: setCookie.split(';')[0]!, csrfToken: response.json().csrfToken, setCookie }
  }

  async function setUpAdmin(): Promise<SignedIn> {
    const issued = setup.issueTokenIfNeeded()
    if (issued === null) throw new Error('already set up')
    const response = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: issued.token, ...ADMIN } })
    if (response.statusCode !== 201) throw new Error(`setup failed: ${response.body}`)
    return signInAs(ADMIN.username, ADMIN.password)
  }

  /** Creates an account through the admin API and signs it in with a password of its own. */
  async function accountWithRole(admin: SignedIn, body: Record<string, unknown>, password = 'a good long password'): Promise<{ id: string; session: SignedIn }> {
    const created = await request('POST', '/api/accounts', admin, body)
    if (created.statusCode !== 201) throw new Error(`create failed: ${created.body}`)
    const username = String(body['username'])
    const first = await signInAs(username, created.json().temporaryPassword)
    const changed = await request('POST', '/api/me/password', first, { currentPassword: created.json().temporaryPassword, newPassword: password })
    if (changed.statusCode !== 204) throw new Error(`password change failed: ${changed.body}`)
    return { id: created.json().account.id, session: await signInAs(username, password) }
  }

  /** Minimal rows an account's scope can point at (grid, checkpoint edge, landlord, person). */
  function seedScopeTargets(): void {
    const at = clock.now()
    connection.prepare('INSERT INTO grids (id, name, created_at_ms) VALUES (?, ?, ?)').run('grd-north', 'North grid', at)
    connection.prepare('INSERT INTO grids (id, name, created_at_ms) VALUES (?, ?, ?)').run('grd-south', 'South grid', at)
    connection.prepare('INSERT INTO edges (id, name, created_at_ms) VALUES (?, ?, ?)').run('edg-east-gate', 'East gate', at)
    connection.prepare('INSERT INTO landlords (id, display_name, created_at_ms) VALUES (?, ?, ?)').run('lld-zhang', 'Zhang', at)
    connection
      .prepare('INSERT INTO persons (id, display_name, role, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run('per-wang', 'Wang Fang', 'resident', at, at)
  }

  function auditRows(action?: string): { actor_kind: string; actor_id: string; action: string; subject_id: string | null; detail: string }[] {
    const sql = `SELECT actor_kind, actor_id, action, subject_id, detail FROM audit_log ${action === undefined ? '' : 'WHERE action = ?'} ORDER BY seq`
    return connection.prepare(sql).all(...(action === undefined ? [] : [action])) as never
  }

  return { app, connection, clock, log, signIn, setup, administration, request, signInAs, setUpAdmin, accountWithRole, seedScopeTargets, auditRows }
}
