import t, { type Test } from 'tap'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { readEdgeSettings } from '../../../edge/src/config/read-edge-config.js'
import { runEnrollCommand } from '../../../edge/src/enroll/enroll-command.js'
import { NORTH_HARDWARE, enrollmentHub } from '../../fakes/hub-enrollment-fixtures.js'

/** The enrollment hub listening on a loopback port, as the Pi reaches it. */
async function listeningHub(t: Test) {
  const hub = await enrollmentHub(t)
  await hub.app.listen({ host: '127.0.0.1', port: 0 })
  return { ...hub, url: `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}` }
}

async function run(args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runEnrollCommand(args, { out: (line) => out.push(line), err: (line) => err.push(line) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

t.test('--help explains the command; missing arguments are a usage error', async (t) => {
  const help = await run(['--help'])
  t.equal(help.code, 0)
  t.match(help.out, /gatehouse-edge enroll --hub URL --token TOKEN/)
  const missing = await run(['--hub', 'http://127.0.0.1:1'])
  t.equal(missing.code, 2)
  t.match(missing.err, /--hub and --token are required/)
})

t.test('enrolls: writes the password (0600) and a config the edge loads, and says what to do next', async (t) => {
  const hub = await listeningHub(t)
  const { token } = (await hub.issue('gate-north', { hardware: NORTH_HARDWARE })).json()
  const dir = t.testdir()
  const result = await run(['--hub', hub.url, '--token', token, '--out', join(dir, 'etc'), '--data-dir', join(dir, 'var')])
  t.equal(result.code, 0, result.err)
  const passwordPath = join(dir, 'etc', 'hub-password')
  t.equal(statSync(passwordPath).mode & 0o777, 0o600)
  t.ok(hub.credentials.verifyEdgePassword('gate-north', readFileSync(passwordPath)), 'the file holds the credential the hub issued')
  const configPath = join(dir, 'etc', 'edge.json')
  const settings = readEdgeSettings(configPath)
  t.same(settings.ok ? [] : settings.violations, [], 'the edge reads its config, key and password file')
  if (settings.ok) {
    t.equal(settings.settings.config.dataDir, join(dir, 'var'))
    t.same(settings.settings.config.hub.username, 'gate-north')
  }
  t.match(result.out, `gatehouse-edge --config ${configPath} --check`)
})

t.test('without wiring, it lists what the installer must fill in, and --check refuses until then', async (t) => {
  const hub = await listeningHub(t)
  const { token } = (await hub.issue('gate-south')).json()
  const dir = t.testdir()
  const result = await run(['--hub', hub.url, '--token', token, '--out', dir, '--data-dir', join(dir, 'data')])
  t.equal(result.code, 0)
  t.match(result.out, /complete the config[\s\S]*\/doors\/0\/lock/)
  const settings = readEdgeSettings(join(dir, 'edge.json'))
  t.equal(settings.ok, false)
})

t.test('a used token fails with the hub reason; an existing config is kept and the new one written beside it', async (t) => {
  const hub = await listeningHub(t)
  const dir = t.testdir({ 'edge.json': '{"edited":"by hand"}' })
  const { token } = (await hub.issue('gate-north')).json()
  const first = await run(['--hub', hub.url, '--token', token, '--out', dir, '--data-dir', join(dir, 'data')])
  t.equal(first.code, 0)
  t.equal(readFileSync(join(dir, 'edge.json'), 'utf8'), '{"edited":"by hand"}', 'the hand-edited config is untouched')
  t.match(first.out, /edge\.json\.new/)
  t.ok(JSON.parse(readFileSync(join(dir, 'edge.json.new'), 'utf8')).hub)
  const again = await run(['--hub', hub.url, '--token', token, '--out', dir])
  t.equal(again.code, 1)
  t.match(again.err, /ENROLLMENT_TOKEN_USED/)
})

t.test('an unreachable hub or an unwritable directory fails before the token is spent', async (t) => {
  const hub = await listeningHub(t)
  const { token } = (await hub.issue('gate-north')).json()
  const dir = t.testdir()
  writeFileSync(join(dir, 'a-file'), '')
  const unwritable = await run(['--hub', hub.url, '--token', token, '--out', join(dir, 'a-file', 'etc')])
  t.equal(unwritable.code, 2)
  t.match(unwritable.err, /cannot write the config there/)
  const unreachable = await run(['--hub', 'http://127.0.0.1:1', '--token', token, '--out', dir])
  t.equal(unreachable.code, 1)
  t.match(unreachable.err, /HUB_UNREACHABLE/)
  t.equal((await run(['--hub', hub.url, '--token', token, '--out', dir, '--data-dir', join(dir, 'data')])).code, 0, 'the token still works')
})
