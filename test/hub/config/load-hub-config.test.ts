import t from 'tap'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'

t.test('an empty file gives the embedded single-box defaults', async (t) => {
  const result = loadHubConfig('')
  t.ok(result.ok)
  if (!result.ok) return
  t.equal(result.value.dataDir, './data')
  t.equal(result.value.http.port, 8080)
  t.equal(result.value.http.host, '127.0.0.1')
  t.equal(result.value.mqtt.mode, 'embedded')
  t.equal(result.value.mqtt.port, 1883)
})

t.test('lists every violation at once', async (t) => {
  const result = loadHubConfig(JSON.stringify({ http: { port: 70_000, color: 'blue' }, mqtt: { mode: 'cloud' }, logLevel: 'loud' }))
  t.notOk(result.ok)
  if (result.ok) return
  const text = result.violations.join('\n')
  t.match(text, /\/http\/port/)
  t.match(text, /\/mqtt\/mode/)
  t.match(text, /\/logLevel/)
  t.ok(result.violations.length >= 3)
})

t.test('external broker mode needs the hub user and its password file', async (t) => {
  const result = loadHubConfig(JSON.stringify({ mqtt: { mode: 'external', host: 'broker.lan' } }))
  t.notOk(result.ok)
  if (result.ok) return
  t.same(result.violations, [
    '/mqtt/externalUsername: required in external mode',
    '/mqtt/externalPasswordFile: required in external mode',
  ])
})

t.test('a file that is not JSON is refused with the parser message', async (t) => {
  const result = loadHubConfig('{ "dataDir": ')
  t.notOk(result.ok)
  if (!result.ok) t.match(result.violations[0], /^not JSON/)
})

t.test('the mosquitto credential mirror is for external mode only, and its pid file needs the password file', async (t) => {
  const embedded = loadHubConfig(JSON.stringify({ mqtt: { mosquittoPasswordFile: '/etc/mosquitto/passwd' } }))
  t.notOk(embedded.ok)
  if (!embedded.ok) t.match(embedded.violations.join('\n'), /only in external mode/)
  const pidOnly = loadHubConfig(JSON.stringify({ mqtt: { mode: 'external', externalUsername: 'gatehouse.hub', externalPasswordFile: '/x', mosquittoPidFile: '/run/mosquitto.pid' } }))
  t.notOk(pidOnly.ok)
  if (!pidOnly.ok) t.same(pidOnly.violations, ['/mqtt/mosquittoPidFile: needs mosquittoPasswordFile'])
  const both = loadHubConfig(JSON.stringify({ mqtt: { mode: 'external', externalUsername: 'gatehouse.hub', externalPasswordFile: '/x', mosquittoPasswordFile: '/etc/mosquitto/passwd', mosquittoPidFile: '/run/mosquitto.pid' } }))
  t.ok(both.ok)
})
