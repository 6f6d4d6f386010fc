import type { Test } from 'tap'
import { join } from 'node:path'
import { buildHubApp } from '../../hub/src/adapters/http/build-hub-app.js'
import { enrollmentRoutes } from '../../hub/src/adapters/http/routes/enrollment-routes.js'
import { loadHubSigningKey } from '../../hub/src/adapters/load-hub-signing-key.js'
import { EdgeCredentialStore } from '../../hub/src/adapters/sqlite/edge-credential-store.js'
import { SqliteEdgeEnrollmentStore } from '../../hub/src/adapters/sqlite/sqlite-edge-enrollment-store.js'
import type { Caller, HubRole } from '../../hub/src/domain/caller.js'
import { EdgeEnrollment } from '../../hub/src/services/enrollment/edge-enrollment.js'
import type { EdgeCredentialMirror } from '../../hub/src/ports/edge-credential-mirror.js'
import { ManualClock } from './manual-clock.js'
import { SilentLogger } from './silent-logger.js'
import { BROKER_TEST_BASE, insertTestEdge, openTestHubDatabase } from './hub-broker-fixtures.js'

function callerOf(role: HubRole): Caller {
  return { accountId: `acc-${role}`, displayName: `Test ${role}`, role, gridId: null, checkpointEdgeId: null, landlordId: null, personId: null }
}

/** The wiring an installer would enter for gate-north's one door. */
export const NORTH_HARDWARE = {
  osdpBuses: [{ id: 'rs485-1', link: '/dev/ttyUSB0', readers: [{ name: 'north-in', address: 1 }, { name: 'north-out', address: 2 }] }],
  doors: {
    'north-gate': {
      lock: { kind: 'gpio', line: 17, isActiveLow: true },
      entries: [
        { reader: 'north-in', direction: 'in', lane: 'residents' },
        { reader: 'north-out', direction: 'out', lane: 'residents' },
      ],
    },
  },
}

/**
 * A hub with the enrollment routes, two edges (gate-north with door north-gate, gate-south with
 * south-gate), a real database and signing key in the test's directory, a manual clock, and an
 * `x-test-role` header that signs the request in with that role.
 */
export async function enrollmentHub(t: Test, mirror: EdgeCredentialMirror | null = null) {
  const dir = t.testdir()
  const database = openTestHubDatabase(dir)
  t.teardown(() => database.close())
  insertTestEdge(database.connection, 'gate-north', [{ id: 'north-gate', failMode: 'fail-secure' }])
  insertTestEdge(database.connection, 'gate-south', [{ id: 'south-gate', failMode: 'fail-safe' }])
  const key = loadHubSigningKey(join(dir, 'hub.key'))
  const clock = new ManualClock()
  const credentials = new EdgeCredentialStore(database.connection)
  const revoked: string[] = []
  credentials.onRevoked((edgeId) => revoked.push(edgeId))
  const enrollment = new EdgeEnrollment(
    { mqttUrls: ['mqtts://hub.test:8883', 'mqtt://hub.test:1883'], hubHttpUrl: 'https://hub.test:8443', baseTopic: BROKER_TEST_BASE, hubPublicKeyBase64: key.publicKeyBase64, caPem: null },
    { store: new SqliteEdgeEnrollmentStore(database.connection, credentials, mirror), clock, log: new SilentLogger(), announceRevoked: (edgeId) => credentials.announceRevoked(edgeId) },
  )
  const log = new SilentLogger()
  const app = buildHubApp({
    log,
    authenticate: (request) => {
      const role = request.headers['x-test-role']
      return typeof role === 'string' ? callerOf(role as HubRole) : null
    },
    routes: [enrollmentRoutes(enrollment)],
  })
  t.teardown(() => app.close())
  const issue = (edgeId: string, body: object = {}, role: HubRole = 'admin') =>
    app.inject({ method: 'POST', url: `/api/edges/${edgeId}/enrollment`, headers: { 'x-test-role': role }, payload: body })
  const enroll = (token: string) => app.inject({ method: 'POST', url: '/api/enrollment', payload: { token } })
  return { dir, database, key, clock, credentials, revoked, app, issue, enroll, log }
}

export type EnrollmentHub = Awaited<ReturnType<typeof enrollmentHub>>
