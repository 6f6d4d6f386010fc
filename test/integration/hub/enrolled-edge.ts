import type { HubRuntime } from '../../../hub/src/assembly/hub-runtime.js'
import { HubApiClient } from './hub-api-client.js'

export const TEST_ADMIN = { username: 'office-chen', displayName: '陈主任', password: 'correct horse battery staple' }

/**
 * What an admin does through the API on a fresh hub: the first admin from the setup token, an
 * edge with `doors`, its enrollment token traded for the MQTT credential (POST /api/enrollment).
 * Returns the admin's session and the edge's MQTT password.
 */
export async function enrollEdgeThroughApi(
  runtime: HubRuntime,
  httpUrl: string,
  edgeId: string,
  doors: readonly Record<string, unknown>[] = [],
): Promise<{ readonly admin: HubApiClient; readonly password: string }> {
  const setup = runtime.setup.issueTokenIfNeeded()
  if (setup === null) throw new Error('a fresh hub issues a setup token')
  const admin = new HubApiClient(httpUrl)
  await admin.expect('POST', '/api/setup', { token: setup.token, ...TEST_ADMIN })
  await admin.signIn(TEST_ADMIN.username, TEST_ADMIN.password)
  await admin.expect('POST', '/api/edges', { id: edgeId, name: `Edge ${edgeId}` })
  for (const door of doors) await admin.expect('POST', `/api/edges/${edgeId}/doors`, door)
  const issued = await admin.expect('POST', `/api/edges/${edgeId}/enrollment`, {})
  const enrolled = await new HubApiClient(httpUrl).expect<{ mqtt: { password: string } }>('POST', '/api/enrollment', { token: issued.token }, 200)
  return { admin, password: enrolled.mqtt.password }
}
