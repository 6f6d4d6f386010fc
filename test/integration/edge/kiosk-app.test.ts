import t from 'tap'
import { request } from 'node:http'
import { buildKioskApp } from '../../../edge/src/adapters/kiosk/build-kiosk-app.js'
import { KioskScreens } from '../../../edge/src/services/kiosk-screens.js'

t.test('serves the kiosk page with no outside resources', async (t) => {
  const app = buildKioskApp({ screens: new KioskScreens(['north-gate']), health: () => ({}) })
  t.teardown(() => app.close())
  const page = await app.inject({ method: 'GET', url: '/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-security-policy'], /default-src 'self'/)
  t.notMatch(page.body, /https?:\/\//, 'no URL points outside the edge')
  const script = await app.inject({ method: 'GET', url: '/kiosk.js' })
  t.notMatch(script.body, /https?:\/\//)
})

t.test('the snapshot shows every door, idle at first', async (t) => {
  const screens = new KioskScreens(['north-gate', 'building-1'])
  const app = buildKioskApp({ screens, health: () => ({ hub: 'online' }) })
  t.teardown(() => app.close())
  screens.showDecision('north-gate', 1000, { granted: false, reason: 'QUARANTINED' }, { personName: '张三' })
  const body = (await app.inject({ method: 'GET', url: '/api/screens' })).json()
  t.match(body.screens, [
    { doorId: 'north-gate', phase: 'decided', personName: '张三', decision: { granted: false, reason: 'QUARANTINED', text: { zh: '居家观察期间请勿外出' } } },
    { doorId: 'building-1', phase: 'idle', decision: null },
  ])
  t.same(body.health, { hub: 'online' })
})

t.test('streams every screen change as a server-sent event', async (t) => {
  const screens = new KioskScreens(['north-gate'])
  const app = buildKioskApp({ screens, health: () => ({}) })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }
  const events: unknown[] = []
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/screens/stream' }, (res) => {
      t.equal(res.headers['content-type'], 'text/event-stream')
      let buffer = ''
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString()
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          events.push(JSON.parse(buffer.slice(6, end)))
          buffer = buffer.slice(end + 2)
          if (events.length === 1) screens.showDecision('north-gate', 2000, { granted: true, reason: 'GRANTED' }, { personName: '李四' })
          if (events.length === 2) {
            req.destroy()
            resolve()
          }
        }
      })
    })
    req.on('error', reject)
    req.end()
  })
  t.match(events, [{ phase: 'idle' }, { phase: 'decided', personName: '李四', decision: { granted: true } }])
})
