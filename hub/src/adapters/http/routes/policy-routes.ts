import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { EDGE_ID_PATTERN } from '../../../../../protocol/mqtt/topics.js'
import { PolicyEdgeStatus } from '../../../services/policy-distribution/policy-edge-status.js'
import type { PolicyVersionStore } from '../../../services/policy-distribution/policy-version-store.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { requireCaller } from '../require-caller.js'

const gunzipAsync = promisify(gunzip)

export interface PolicyRoutesDeps {
  readonly versions: Pick<PolicyVersionStore, 'snapshotBody'>
  /** The distributor's per-edge status. */
  readonly policyStatus: { status(): PolicyEdgeStatus[] }
  /** Whether `password` is the edge's active MQTT credential (H-broker's EdgeCredentialStore), in constant time. */
  readonly verifyEdgePassword: (edgeId: string, password: string) => boolean
}

const SnapshotParams = Type.Object(
  {
    edgeId: Type.String({ pattern: EDGE_ID_PATTERN, minLength: 1, maxLength: 63 }),
    version: Type.String({ pattern: '^(latest|[1-9][0-9]{0,14})$', description: 'A version number, or "latest".' }),
  },
  { additionalProperties: false },
)
type SnapshotParams = Static<typeof SnapshotParams>

const SnapshotBody = Type.Unknown({
  description:
    'The signed snapshot (protocol/policy/policy-snapshot.ts) as RFC 8785 canonical JSON; gzip-encoded when the request accepts it. ' +
    'The sha256 of the uncompressed body is the announced one, also sent as the ETag.',
})

const StatusResponse = Type.Object({ edges: Type.Array(PolicyEdgeStatus) }, { additionalProperties: false })

const EDGE_REALM = 'Bearer realm="gatehouse-edge"'

/**
 * Policy distribution over HTTP:
 *
 * - `GET /api/edges/:edgeId/policy/:version`: a snapshot body for the edge itself, authenticated
 *   by its MQTT credential as `Authorization: Bearer <password>` (no session), so an edge can
 *   fetch only its own policy. ETag = the announced sha256 (`If-None-Match` → 304); the stored
 *   gzip body is sent as is when the request accepts gzip, else uncompressed, and either way the
 *   uncompressed bytes hash to the announced sha256 (what the edge's fetcher checks). A pruned
 *   version answers 404 POLICY_VERSION_GONE (the edge fetches the latest announced one instead).
 * - `GET /api/policy/status`: every edge's latest and applied version and lag, for admins, grid
 *   managers and gate staff (gate staff see their own checkpoint only).
 */
export function policyRoutes(deps: PolicyRoutesDeps): HubRoutes {
  return (app: FastifyInstance) => {
    app.get<{ Params: SnapshotParams }>(
      '/api/edges/:edgeId/policy/:version',
      {
        schema: {
          tags: ['policy'],
          summary: "Fetch an edge's policy snapshot (edge bearer credential; ETag, gzip)",
          params: SnapshotParams,
          response: { 200: SnapshotBody, 304: Type.Null({ description: 'The body with this ETag is unchanged.' }) },
        },
      },
      async (request, reply) => {
        const { edgeId } = request.params
        authenticateEdge(request.headers.authorization, edgeId, deps.verifyEdgePassword)
        const wanted = request.params.version === 'latest' ? 'latest' : Number(request.params.version)
        const stored = deps.versions.snapshotBody(edgeId, wanted)
        if (stored.status === 'unknown') throw new HubHttpError(404, 'POLICY_VERSION_NOT_FOUND', `edge ${edgeId} has no policy version ${request.params.version}`)
        if (stored.status === 'gone') {
          throw new HubHttpError(404, 'POLICY_VERSION_GONE', `version ${stored.version} was pruned; fetch the latest announced version`)
        }
        const etag = `"${stored.sha256}"`
        reply.header('etag', etag)
        reply.header('cache-control', wanted === 'latest' ? 'private, no-cache' : 'private, max-age=31536000, immutable')
        reply.header('vary', 'accept-encoding')
        reply.header('x-policy-version', String(stored.version))
        if (matchesEtag(request.headers['if-none-match'], etag)) return reply.status(304).send()
        reply.type('application/json')
        if (acceptsGzip(request.headers['accept-encoding'])) {
          reply.header('content-encoding', 'gzip')
          return sendBuffer(reply, stored.bodyGzip)
        }
        return sendBuffer(reply, await gunzipAsync(stored.bodyGzip))
      },
    )

    app.get(
      '/api/policy/status',
      {
        schema: {
          tags: ['policy'],
          summary: "Every edge's policy: latest version, applied version and lag",
          response: { 200: StatusResponse },
        },
      },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager', 'gate-staff'])
        const edges = deps.policyStatus.status()
        return { edges: caller.role === 'gate-staff' ? edges.filter((edge) => edge.edgeId === caller.checkpointEdgeId) : edges }
      },
    )
  }
}

function authenticateEdge(authorization: string | undefined, edgeId: string, verify: PolicyRoutesDeps['verifyEdgePassword']): void {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(authorization ?? '')
  if (match === null) {
    throw new HubHttpError(401, 'EDGE_AUTH_REQUIRED', 'send the edge credential as "Authorization: Bearer <password>"')
  }
  if (!verify(edgeId, match[1]!)) throw new HubHttpError(401, 'EDGE_AUTH_FAILED', 'this credential is not the active one of this edge')
}

function sendBuffer(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply.header('content-length', String(body.byteLength)).send(body)
}

/** RFC 9110 §13.1.2: a list of entity tags, or `*`; weak tags match too (a weak comparison). */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`
  })
}

/** RFC 9110 §12.5.3: gzip (or `*`) listed without `q=0`. */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false
  const weights = new Map<string, number>()
  for (const item of acceptEncoding.split(',')) {
    const [name, ...parameters] = item.trim().toLowerCase().split(';')
    const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)).find((found) => found !== null)
    weights.set(name!.trim(), q === undefined ? 1 : Number(q![1]))
  }
  const gzipWeight = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*')
  return gzipWeight !== undefined && gzipWeight > 0
}
