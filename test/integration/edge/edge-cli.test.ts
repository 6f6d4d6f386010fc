import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairSync } from 'node:crypto'

async function runEdge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['dist/edge/src/main.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number]
  return { code, stdout, stderr }
}

function configFiles(overrides: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'edge-cli-'))
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12)
  writeFileSync(join(dir, 'hub-password'), 'a-long-random-secret\n', { mode: 0o600 })
  const config = {
    edgeId: 'gate-1',
    dataDir: join(dir, 'data'),
    secretsFile: join(dir, 'data', 'secrets.json'),
    hub: { url: 'mqtt://127.0.0.1:1883', httpUrl: 'http://127.0.0.1:8080', username: 'gate-1', passwordFile: join(dir, 'hub-password'), hubPublicKey: raw.toString('base64') },
    osdpBuses: [{ id: 'bus-1', link: '/dev/ttyUSB0', readers: [{ name: 'gate-in', address: 1 }] }],
    doors: [{ id: 'north-gate', failMode: 'fail-secure', lock: { kind: 'osdp', reader: 'gate-in' }, entries: [{ reader: 'gate-in', direction: 'in' }] }],
    ...overrides,
  }
  const path = join(dir, 'edge.json')
  writeFileSync(path, JSON.stringify(config))
  return { path, dir }
}

t.test('--check accepts a valid config without touching hardware', async (t) => {
  const { path } = configFiles()
  const result = await runEdge(['--config', path, '--check'])
  t.equal(result.code, 0, result.stderr)
  t.match(result.stdout, /is valid \(1 doors\)/)
})

t.test('--check lists every problem at once and exits 2', async (t) => {
  const { path } = configFiles({ edgeId: 'Bad Id', hub: { url: 'http://x', httpUrl: 'http://x', username: 'g', passwordFile: '/nonexistent/password', hubPublicKey: 'nope' } })
  const result = await runEdge(['--config', path, '--check'])
  t.equal(result.code, 2)
  t.match(result.stderr, /\/edgeId/)
  t.match(result.stderr, /\/hub\/url/)
  t.match(result.stderr, /\/hub\/hubPublicKey/)
})

t.test('a missing credential file is named', async (t) => {
  const { path } = configFiles()
  const withMissing = configFiles({ hub: { url: 'mqtt://127.0.0.1:1883', httpUrl: 'http://127.0.0.1:8080', username: 'gate-1', passwordFile: '/nonexistent/password', hubPublicKey: `${'A'.repeat(42)}E=` } })
  t.ok(path)
  const result = await runEdge(['--config', withMissing.path, '--check'])
  t.equal(result.code, 2)
  t.match(result.stderr, /\/hub\/passwordFile: cannot read \/nonexistent\/password: ENOENT/)
})

t.test('--help explains the options', async (t) => {
  const result = await runEdge(['--help'])
  t.equal(result.code, 0)
  t.match(result.stdout, /--policy-file FILE/)
})
