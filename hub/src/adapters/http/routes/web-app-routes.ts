import { Type, type Static } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import type { WebAsset, WebAssetFiles } from '../web-asset-files.js'

export interface WebAppRoutesDeps {
  readonly files: WebAssetFiles
}

/** Each app's page: the admin console, the checkpoint staff view, the resident phone app, the visitor's form. */
const APP_PAGES = [
  { path: '/admin/', file: 'hub/web/admin/index.html' },
  { path: '/staff/', file: 'hub/web/staff/index.html' },
  { path: '/app/', file: 'hub/web/phone/index.html' },
  { path: '/visit/', file: 'hub/web/visitor/index.html' },
] as const

/** Files the phone app needs at its own scope: a service worker only controls pages below its URL. */
const PHONE_SCOPE_FILES = [
  { path: '/app/manifest.webmanifest', file: 'hub/web/phone/manifest.webmanifest' },
  { path: '/app/service-worker.js', file: 'hub/web/phone/service-worker.js' },
] as const

const AssetParams = Type.Object({ '*': Type.String({ maxLength: 300 }) })

function send(request: FastifyRequest, reply: FastifyReply, asset: WebAsset | null, what: string): FastifyReply {
  if (asset === null) throw new HubHttpError(404, 'NO_SUCH_FILE', `no ${what}`)
  void reply.header('etag', asset.etag).header('cache-control', 'no-cache').type(asset.contentType)
  if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send()
  return reply.send(asset.body)
}

/**
 * The people's screens, served by the hub itself (no CDN: a community LAN may have no internet).
 * Pages and scripts revalidate on every load (ETag), so an upgrade reaches every phone at once;
 * they are not part of the JSON API, so the OpenAPI document leaves them out.
 */
export function webAppRoutes(deps: WebAppRoutesDeps): HubRoutes {
  return (app) => {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/admin/'))
    for (const page of APP_PAGES) {
      app.get(page.path.slice(0, -1), { schema: { hide: true } }, async (_request, reply) => reply.redirect(page.path))
      app.get(page.path, { schema: { hide: true } }, async (request, reply) => send(request, reply, deps.files.asset(page.file), page.path))
    }
    for (const scoped of PHONE_SCOPE_FILES) {
      app.get(scoped.path, { schema: { hide: true } }, async (request, reply) => {
        const asset = deps.files.asset(scoped.file)
        if (scoped.path.endsWith('.js')) void reply.header('service-worker-allowed', '/app/')
        return send(request, reply, asset, scoped.path)
      })
    }
    app.get<{ Params: Static<typeof AssetParams> }>('/assets/*', { schema: { hide: true, params: AssetParams } }, async (request, reply) =>
      send(request, reply, deps.files.asset(request.params['*']), 'such file'),
    )
  }
}
