import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { ScryptPasswordHasher } from '../../../hub/src/adapters/crypto/scrypt-password-hasher.js'
import { auditActorOf } from '../../../hub/src/adapters/sqlite/append-audit.js'
import type { HubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'
import { SqliteAccountStore } from '../../../hub/src/adapters/sqlite/sqlite-account-store.js'
import { SqliteSessionStore } from '../../../hub/src/adapters/sqlite/sqlite-session-store.js'
import { AccountAdministration, type NewAccountRequest } from '../../../hub/src/services/accounts/account-administration.js'
import type { DemoSignIn } from './community-files.js'
import { SEED_CALLER, SeedRefusedError } from './seeding-api.js'

/** An account to create, with its scope said in words ("grid 第一网格", "checkpoint: the south gate"). */
export interface DemoAccountRequest extends NewAccountRequest {
  readonly scope: string
}

/**
 * Staff and resident accounts with generated passwords (never an admin: the newcomer creates the
 * first admin with the hub's one-time setup token). Created through the hub's
 * AccountAdministration (scope checked, audited); the one-time password it generates is kept as
 * the demo password, marked as not to be changed at first sign-in so the demo sign-ins work at
 * once — audited as set by the demo seed.
 */
export async function seedAccounts(database: HubDatabase, requests: readonly DemoAccountRequest[]): Promise<DemoSignIn[]> {
  const accounts = new SqliteAccountStore(database.connection)
  const hasher = new ScryptPasswordHasher()
  const administration = new AccountAdministration({ accounts, sessions: new SqliteSessionStore(database.connection), hasher, clock: systemClock })
  const signIns: DemoSignIn[] = []
  for (const { scope, ...request } of requests) {
    const created = await administration.create(SEED_CALLER, request)
    if (!created.ok) throw new SeedRefusedError(`account ${request.username}: ${created.code}${'violations' in created ? ` ${created.violations.join('; ')}` : ''}`)
    const written = accounts.setPassword(created.account.id, {
      passwordHash: created.account.passwordHash!,
      mustChangePassword: false,
      atMs: systemClock.now(),
      audit: { actor: auditActorOf(SEED_CALLER), action: 'account.demo-password-set' },
      keepSessionSha256: null,
    })
    if (!written.ok) throw new SeedRefusedError(`account ${request.username}: ${written.code}`)
    signIns.push({ username: request.username, password: created.temporaryPassword, role: request.role, displayName: request.displayName, scope })
  }
  return signIns
}
