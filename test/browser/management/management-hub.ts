/**
 * The real hub (HubRuntime on a temp data dir, HTTP and MQTT on loopback port 0, a ManualClock)
 * for the management screens' browser tests: the first admin created through the setup token,
 * an API session of that admin for seeding, and accounts with a chosen password.
 */
import { join } from 'node:path'
import type { Test } from 'tap'
import { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import { residentIdCheckCharacter } from '../../../hub/src/domain/people/resident-id-number.js'
import { ManualClock } from '../../fakes/manual-clock.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { HubApiClient } from '../../integration/hub/hub-api-client.js'

type Json = Record<string, unknown>

export const ADMIN = { username: 'office-wang', displayName: '王主任', password: 'correct horse battery staple' }

export interface ManagementHub {
  readonly runtime: HubRuntime
  readonly clock: ManualClock
  readonly baseUrl: string
  /** The first admin's API session, for seeding what the test is not about. */
  readonly admin: HubApiClient
}

export async function startManagementHub(t: Test, startMs = Date.UTC(2026, 2, 2, 2)): Promise<ManagementHub> {
  const loaded = loadHubConfig(JSON.stringify({ dataDir: join(t.testdir(), 'hub'), http: { host: '127.0.0.1', port: 0 }, mqtt: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' }))
  if (!loaded.ok) throw new Error(loaded.violations.join('; '))
  const clock = new ManualClock(startMs)
  const runtime = new HubRuntime({ config: loaded.value, clock, log: new SilentLogger() })
  const { httpUrl } = await runtime.start()
  t.teardown(() => runtime.stop())
  const setup = runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  await new HubApiClient(httpUrl).expect('POST', '/api/setup', { token: setup.token, ...ADMIN })
  const admin = new HubApiClient(httpUrl)
  await admin.signIn(ADMIN.username, ADMIN.password)
  return { runtime, clock, baseUrl: httpUrl, admin }
}

/** An account created by the admin, its temporary password already replaced by `password`. */
export async function accountWithPassword(hub: ManagementHub, body: Json, password: string): Promise<Json> {
  const created = await hub.admin.expect<{ account: Json; temporaryPassword: string }>('POST', '/api/accounts', body)
  const session = new HubApiClient(hub.baseUrl)
  await session.signIn(String(body.username), created.temporaryPassword)
  await session.expect('POST', '/api/me/password', { currentPassword: created.temporaryPassword, newPassword: password }, 204)
  return created.account
}

export interface SeededHome {
  readonly gridId: string
  readonly buildingId: string
  readonly unitId: string
  readonly householdId: string
}

/** A grid with one building, one unit and one household, through the API. */
export async function seedHome(hub: ManagementHub, names: { grid: string; building: string; unit: string; room: string }): Promise<SeededHome> {
  const grid = await hub.admin.expect('POST', '/api/grids', { name: names.grid })
  const building = await hub.admin.expect('POST', '/api/buildings', { name: names.building, gridId: grid.id })
  const unit = await hub.admin.expect('POST', `/api/buildings/${String(building.id)}/units`, { name: names.unit })
  const household = await hub.admin.expect('POST', '/api/households', { unitId: unit.id, room: names.room })
  return { gridId: String(grid.id), buildingId: String(building.id), unitId: String(unit.id), householdId: String(household.id) }
}

/** A resident ID number with a correct check character, for a birth date and sequence. */
export function validIdNumber(first17: string): string {
  return first17 + (residentIdCheckCharacter(first17) ?? '')
}
