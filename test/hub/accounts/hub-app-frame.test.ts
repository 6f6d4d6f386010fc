import t from 'tap'
import { Type } from '@sinclair/typebox'
import { buildHubApp, type HubRoutes } from '../../../hub/src/adapters/http/build-hub-app.js'
import { listRoutesWithoutSchema } from '../../../hub/src/adapters/http/openapi-document.js'
import { HubHttpError } from '../../../hub/src/adapters/http/hub-http-error.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const documentedRoutes: HubRoutes = (app) => {
  app.get(
    '/api/things/:thingId',
    {
      schema: {
        tags: ['things'],
        summary: 'One thing',
        params: Type.Object({ thingId: Type.String({ description: 'the thing' }) }),
        querystring: Type.Object({ verbose: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ id: Type.String() }) },
      },
    },
    async (request) => ({ id: (request.params as { thingId: string }).thingId }),
  )
  app.post(
    '/api/things',
    { schema: { tags: ['things'], summary: 'Make a thing', body: Type.Object({ name: Type.String() }), response: { 201: Type.Object({ id: Type.String() }) } } },
    async (_request, reply) => reply.status(201).send({ id: 'thing-1' }),
  )
  app.get('/api/broken', { schema: { tags: ['things'], summary: 'fails' , response: { 200: Type.Object({}) } } }, async () => {
    throw new Error('secret detail')
  })
}

const undocumentedRoutes: HubRoutes = (app) => {
  app.get('/api/naked', async () => ({ ok: true }))
  app.get('/api/half/:id', { schema: { summary: 'no tags, no params' } }, async () => ({ ok: true }))
}

function appWith(routes: HubRoutes[], log = new SilentLogger()) {
  return buildHubApp({ log, authenticate: () => null, routes })
}

t.test('every answer carries the security headers and a request id', async (t) => {
  const app = appWith([documentedRoutes])
  const found = await app.inject({ method: 'GET', url: '/api/things/a' })
  const missing = await app.inject({ method: 'GET', url: '/nowhere' })
  for (const response of [found, missing]) {
    t.match(response.headers['content-security-policy'], /default-src 'self'/)
    t.match(response.headers['content-security-policy'], /frame-ancestors 'none'/)
    t.equal(response.headers['x-content-type-options'], 'nosniff')
    t.equal(response.headers['referrer-policy'], 'no-referrer')
    t.match(String(response.headers['x-request-id']), /^req-[0-9a-z]{12}$/)
  }
  t.equal(found.headers['cache-control'], 'no-store', 'API answers are not cached')
  t.not(found.headers['x-request-id'], missing.headers['x-request-id'])
  t.equal(found.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP')
  const overHttps = buildHubApp({ log: new SilentLogger(), authenticate: () => null, routes: [documentedRoutes], isHttps: true })
  t.match((await overHttps.inject({ method: 'GET', url: '/api/things/a' })).headers['strict-transport-security'], /max-age=/)
})

t.test('a client-sent request id is not trusted; an internal error is logged with the hub request id and not echoed', async (t) => {
  const log = new SilentLogger()
  const app = appWith([documentedRoutes], log)
  const response = await app.inject({ method: 'GET', url: '/api/broken', headers: { 'x-request-id': 'forged' } })
  t.equal(response.statusCode, 500)
  t.same(response.json(), { error: { code: 'INTERNAL', message: 'internal error' } })
  t.not(response.headers['x-request-id'], 'forged')
  const logged = log.lines.find((line) => line.level === 'error')
  t.equal((logged?.object as { requestId?: string }).requestId, response.headers['x-request-id'])
})

t.test('an authenticator that throws a HubHttpError answers with its code', async (t) => {
  const app = buildHubApp({
    log: new SilentLogger(),
    authenticate: () => {
      throw new HubHttpError(403, 'CSRF_REQUIRED', 'token missing')
    },
    routes: [documentedRoutes],
  })
  const response = await app.inject({ method: 'POST', url: '/api/things', payload: { name: 'x' } })
  t.equal(response.statusCode, 403)
  t.equal(response.json().error.code, 'CSRF_REQUIRED')
  t.equal(response.headers['x-content-type-options'], 'nosniff')
})

t.test('GET /openapi.json lists every route with tags, summary, parameters, bodies, responses and security', async (t) => {
  const app = appWith([documentedRoutes])
  const response = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const document = response.json()
  t.equal(document.openapi, '3.1.0')
  const getThing = document.paths['/api/things/{thingId}'].get
  t.same(getThing.tags, ['things'])
  t.equal(getThing.summary, 'One thing')
  t.match(getThing.parameters, [
    { name: 'thingId', in: 'path', required: true, description: 'the thing', schema: { type: 'string' } },
    { name: 'verbose', in: 'query', required: false, schema: { type: 'boolean' } },
  ])
  t.match(getThing.responses['200'].content['application/json'].schema, { type: 'object', properties: { id: { type: 'string' } } })
  t.same(getThing.security, [{ sessionCookie: [] }])
  const postThing = document.paths['/api/things'].post
  t.match(postThing.requestBody.content['application/json'].schema, { properties: { name: { type: 'string' } } })
  t.same(postThing.security, [{ sessionCookie: [], csrfToken: [] }])
  t.same(document.paths['/openapi.json'].get.security, [])
  t.ok(document.components.securitySchemes.sessionCookie)
  t.equal(document.paths['/api/things/{thingId}'].head, undefined, "fastify's HEAD twins are not operations")
})

t.test('listRoutesWithoutSchema names each route that does not document itself', async (t) => {
  t.same(listRoutesWithoutSchema(appWith([documentedRoutes])), [])
  const problems = listRoutesWithoutSchema(appWith([documentedRoutes, undocumentedRoutes]))
  t.same(problems, [
    'GET /api/naked: no schema',
    'GET /api/half/:id: no tags',
    'GET /api/half/:id: no response schema',
    'GET /api/half/:id: path parameters without params schema: id',
  ])
})

t.test('integer and boolean query parameters are read from their text; JSON bodies are not coerced', async (t) => {
  const app = appWith([
    (app) => {
      app.post(
        '/api/count',
        {
          schema: {
            tags: ['things'],
            summary: 'echo',
            querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1 })), isDry: Type.Optional(Type.Boolean()) }),
            body: Type.Object({ count: Type.Integer() }),
            response: { 200: Type.Object({ limit: Type.Union([Type.Integer(), Type.Null()]), isDry: Type.Boolean(), count: Type.Integer() }) },
          },
        },
        async (request) => {
          const query = request.query as { limit?: number; isDry?: boolean }
          return { limit: query.limit ?? null, isDry: query.isDry ?? false, count: (request.body as { count: number }).count }
        },
      )
    },
  ])
  const good = await app.inject({ method: 'POST', url: '/api/count?limit=25&isDry=true', payload: { count: 3 } })
  t.same(good.json(), { limit: 25, isDry: true, count: 3 })
  const badQuery = await app.inject({ method: 'POST', url: '/api/count?limit=2.5x', payload: { count: 3 } })
  t.equal(badQuery.json().error.code, 'INVALID_REQUEST')
  const textBody = await app.inject({ method: 'POST', url: '/api/count', payload: { count: '3' } })
  t.equal(textBody.statusCode, 400, 'a number sent as text in JSON stays wrong')
})

t.test('a route answering with a binary body documents its media type', async (t) => {
  const app = appWith([
    (app) => {
      app.get(
        '/api/pictures/:pictureId',
        {
          schema: {
            tags: ['things'],
            summary: 'A picture',
            produces: ['image/jpeg'],
            params: Type.Object({ pictureId: Type.String() }),
            response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
          },
        },
        async (_request, reply) => reply.type('image/jpeg').send(Buffer.from([0xff, 0xd8, 0xff])),
      )
    },
  ])
  const picture = await app.inject({ method: 'GET', url: '/api/pictures/p1' })
  t.same([...picture.rawPayload], [0xff, 0xd8, 0xff], 'the schema does not get in the way of the bytes')
  t.same(listRoutesWithoutSchema(app), [])
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  t.same(document.paths['/api/pictures/{pictureId}'].get.responses['200'].content, { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } })
})
