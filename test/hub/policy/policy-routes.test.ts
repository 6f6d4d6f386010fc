import t, { type Test } from 'tap'
import { gunzipSync } from 'node:zlib'
import { HttpSnapshotFetcher, snapshotUrlTemplate } from '../../../edge/src/adapters/http/http-snapshot-fetcher.js'
import { buildHubApp } from '../../../hub/src/adapters/http/build-hub-app.js'
import { policyRoutes } from '../../../hub/src/adapters/http/routes/policy-routes.js'
import type { Caller, HubRole } from '../../../hub/src/domain/caller.js'
import { policySnapshotSha256 } from '../../../protocol/policy/policy-snapshot-codec.js'
import { openPolicyRig, type PolicyRig } from '../../fakes/hub-policy-rig.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { ManualClock } from '../../fakes/manual-clock.js'

const PASSWORDS: Readonly<Record<string, string>> = { 'edge-gate': 'gate-secret-0123456789', 'edge-bld-1': 'bld1-secret-0123456789' }

function caller(role: HubRole, checkpointEdgeId: string | null = null): Caller {
  return { accountId: `acc-${role}`, displayName: role, role, gridId: null, checkpointEdgeId, landlordId: null, personId: null }
}

const CALLERS: Readonly<Record<string, Caller>> = {
  admin: caller('admin'),
  gridManager: caller('grid-manager'),
  gateStaff: caller('gate-staff', 'edge-gate'),
  resident: caller('resident'),
}

async function appOf(t: Test, rig: PolicyRig) {
  const app = buildHubApp({
    log: new SilentLogger(),
    authenticate: (request) => {
      const name = request.headers['x-test-caller']
      return typeof name === 'string' ? (CALLERS[name] ?? null) : null
    },
    routes: [
      policyRoutes({
        versions: rig.versions,
        policyStatus: rig.distributor,
        verifyEdgePassword: (edgeId, password) => PASSWORDS[edgeId] === password,
      }),
    ],
  })
  t.teardown(() => app.close())
  return app
}

const bearer = (edgeId: string) => ({ authorization: `Bearer ${PASSWORDS[edgeId]}` })

t.test('the edge gets its own snapshot, gzip when it accepts it, hashing to the announced sha256', async (t) => {
  const rig = await openPolicyRig(t)
  const app = await appOf(t, rig)
  const announcement = rig.bus.latestFor('edge-gate')!
  const gzipped = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/1', headers: { ...bearer('edge-gate'), 'accept-encoding': 'gzip, deflate' } })
  t.equal(gzipped.statusCode, 200)
  t.equal(gzipped.headers['content-encoding'], 'gzip')
  t.equal(gzipped.headers['content-type'], 'application/json')
  t.equal(gzipped.headers.etag, `"${announcement.sha256}"`)
  t.equal(gzipped.headers['x-policy-version'], '1')
  t.equal(policySnapshotSha256(gunzipSync(gzipped.rawPayload)), announcement.sha256)
  const plain = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/1', headers: bearer('edge-gate') })
  t.equal(plain.statusCode, 200)
  t.equal(plain.headers['content-encoding'], undefined)
  t.equal(policySnapshotSha256(plain.rawPayload), announcement.sha256)
  const refused = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/1', headers: { ...bearer('edge-gate'), 'accept-encoding': 'gzip;q=0, identity' } })
  t.equal(refused.headers['content-encoding'], undefined, 'gzip;q=0 means no gzip')
})

t.test('refuses a request without the edge’s own credential', async (t) => {
  const rig = await openPolicyRig(t)
  const app = await appOf(t, rig)
  const url = '/api/edges/edge-gate/policy/1'
  const none = await app.inject({ method: 'GET', url })
  t.equal(none.statusCode, 401)
  t.equal(none.json().error.code, 'EDGE_AUTH_REQUIRED')
  const wrong = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer not-the-password' } })
  t.equal(wrong.json().error.code, 'EDGE_AUTH_FAILED')
  const otherEdge = await app.inject({ method: 'GET', url, headers: bearer('edge-bld-1') })
  t.equal(otherEdge.statusCode, 401, 'another edge’s credential does not open this edge’s policy')
  const session = await app.inject({ method: 'GET', url, headers: { 'x-test-caller': 'admin' } })
  t.equal(session.statusCode, 401, 'a staff session is not an edge credential')
  const basic = await app.inject({ method: 'GET', url, headers: { authorization: `Basic ${Buffer.from(`edge-gate:${PASSWORDS['edge-gate']}`).toString('base64')}` } })
  t.equal(basic.json().error.code, 'EDGE_AUTH_REQUIRED')
})

t.test('answers 304 to a matching If-None-Match, and serves "latest"', async (t) => {
  const rig = await openPolicyRig(t)
  const app = await appOf(t, rig)
  const { sha256 } = rig.bus.latestFor('edge-gate')!
  const notModified = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/1', headers: { ...bearer('edge-gate'), 'if-none-match': `"other", "${sha256}"` } })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.rawPayload.length, 0)
  t.equal(notModified.headers.etag, `"${sha256}"`)
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[0]!.credentialId)
  await rig.distributor.recompileNow('revoked')
  const latest = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/latest', headers: { ...bearer('edge-gate'), 'if-none-match': `"${sha256}"` } })
  t.equal(latest.statusCode, 200, 'the old ETag no longer matches')
  t.equal(latest.headers['x-policy-version'], '2')
  t.equal(latest.headers['cache-control'], 'private, no-cache')
  t.equal(policySnapshotSha256(latest.rawPayload), rig.bus.latestFor('edge-gate')!.sha256)
})

t.test('a pruned version is gone, an unknown one not found, a malformed one invalid', async (t) => {
  const rig = await openPolicyRig(t, { distributor: { keepBodies: 1 } })
  const app = await appOf(t, rig)
  rig.database.connection.prepare(`UPDATE credentials SET status = 'revoked', revoked_at_ms = ? WHERE id = ?`).run(rig.clock.now(), rig.seeded.cards[0]!.credentialId)
  await rig.distributor.recompileNow('revoked')
  const gone = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/1', headers: bearer('edge-gate') })
  t.equal(gone.statusCode, 404)
  t.equal(gone.json().error.code, 'POLICY_VERSION_GONE')
  const unknown = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/99', headers: bearer('edge-gate') })
  t.equal(unknown.json().error.code, 'POLICY_VERSION_NOT_FOUND')
  const malformed = await app.inject({ method: 'GET', url: '/api/edges/edge-gate/policy/0x1', headers: bearer('edge-gate') })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().error.code, 'INVALID_REQUEST')
})

t.test('the edge’s own HTTP fetcher gets a body that hashes to the announcement, over a real socket', async (t) => {
  const rig = await openPolicyRig(t)
  const app = await appOf(t, rig)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const announcement = rig.bus.latestFor('edge-gate')!
  const fetcher = new HttpSnapshotFetcher(new ManualClock(), new SilentLogger(), {
    urlTemplate: snapshotUrlTemplate(address),
    edgeId: 'edge-gate',
    bearerToken: PASSWORDS['edge-gate']!,
    maxBytes: 64 * 1024 * 1024,
    timeoutMs: 10_000,
  })
  const body = await fetcher.fetch(announcement.version, announcement.sha256)
  t.ok(Buffer.isBuffer(body))
  if (Buffer.isBuffer(body)) t.equal(policySnapshotSha256(body), announcement.sha256)
  const intruder = new HttpSnapshotFetcher(new ManualClock(), new SilentLogger(), {
    urlTemplate: snapshotUrlTemplate(address),
    edgeId: 'edge-gate',
    bearerToken: PASSWORDS['edge-bld-1']!,
    maxBytes: 64 * 1024 * 1024,
    timeoutMs: 10_000,
  })
  t.match(await intruder.fetch(announcement.version, announcement.sha256), { ok: false, code: 'FETCH_FAILED', detail: /HTTP 401/ })
})

t.test('policy status: every edge for admins and grid managers, their own for gate staff, no one else', async (t) => {
  const rig = await openPolicyRig(t)
  const app = await appOf(t, rig)
  rig.distributor.recordApplied('edge-gate', rig.appliedReport(rig.bus.latestFor('edge-gate')!, 'snapshot'))
  const admin = await app.inject({ method: 'GET', url: '/api/policy/status', headers: { 'x-test-caller': 'admin' } })
  t.equal(admin.statusCode, 200)
  const edges = admin.json().edges as { edgeId: string; isCurrent: boolean; latestVersion: number }[]
  t.same(edges.map((edge) => edge.edgeId), [rig.seeded.gateEdgeId, ...rig.seeded.buildingEdgeIds].sort())
  t.match(edges.find((edge) => edge.edgeId === 'edge-gate'), { isCurrent: true, latestVersion: 1, appliedVersion: 1, appliedSource: 'snapshot' })
  t.match(edges.find((edge) => edge.edgeId === 'edge-bld-1'), { isCurrent: false, appliedVersion: null })
  const manager = await app.inject({ method: 'GET', url: '/api/policy/status', headers: { 'x-test-caller': 'gridManager' } })
  t.equal(manager.json().edges.length, edges.length)
  const staff = await app.inject({ method: 'GET', url: '/api/policy/status', headers: { 'x-test-caller': 'gateStaff' } })
  t.same(staff.json().edges.map((edge: { edgeId: string }) => edge.edgeId), ['edge-gate'])
  t.equal((await app.inject({ method: 'GET', url: '/api/policy/status', headers: { 'x-test-caller': 'resident' } })).statusCode, 403)
  t.equal((await app.inject({ method: 'GET', url: '/api/policy/status' })).statusCode, 401)
})
