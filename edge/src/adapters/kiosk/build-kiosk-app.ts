import { fastify, type FastifyInstance } from 'fastify'
import type { KioskScreens } from '../../services/kiosk-screens.js'
import { KIOSK_PAGE_HTML, KIOSK_PAGE_SCRIPT } from './kiosk-page.js'

export interface KioskAppDeps {
  readonly screens: KioskScreens
  /** Health of the edge and its devices, for the strip at the bottom of the screen. */
  readonly health: () => Record<string, unknown>
}

/**
 * The gate's local screen: one page with no outside resources (a gate may have no internet),
 * a JSON snapshot and a server-sent event stream. Built, never listening: main.ts listens.
 */
export function buildKioskApp(deps: KioskAppDeps): FastifyInstance {
  const app = fastify({ logger: false })
  const securityHeaders = {
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  }
  app.get('/', async (_request, reply) => reply.headers(securityHeaders).type('text/html; charset=utf-8').send(KIOSK_PAGE_HTML))
  app.get('/kiosk.js', async (_request, reply) => reply.headers(securityHeaders).type('text/javascript; charset=utf-8').send(KIOSK_PAGE_SCRIPT))
  app.get('/api/screens', async () => ({ screens: deps.screens.all(), health: deps.health() }))
  app.get('/api/screens/stream', (request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    const send = (screen: unknown) => reply.raw.write(`data: ${JSON.stringify(screen)}\n\n`)
    for (const screen of deps.screens.all()) send(screen)
    deps.screens.on('changed', send)
    request.raw.on('close', () => deps.screens.off('changed', send))
  })
  return app
}
