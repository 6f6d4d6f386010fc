import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** I/O packages that pure code (protocol/ and every domain/ folder) must not import. */
const IO_MODULES = [
  'serialport',
  '@serialport/',
  'mqtt',
  'aedes',
  'onoff',
  'better-sqlite3',
  'fastify',
  '@fastify/',
  'pino',
  'ws',
  'fs',
  'net',
  'tls',
  'dgram',
  'http',
  'https',
  'http2',
  'child_process',
  'worker_threads',
  'cluster',
  'readline',
  'process',
  'os',
  'timers',
  'perf_hooks',
]

/** Reading the clock or the environment makes code impure; time is passed in. */
const CLOCK_READS: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\s*\(\s*\)/, 'new Date()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bprocess\.hrtime\b/, 'process.hrtime'],
  [/\bprocess\.env\b/, 'process.env'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, 'timers'],
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return []
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

export function isPurePath(path: string): boolean {
  const parts = relative(root, path).split(sep)
  return parts[0] === 'protocol' || (parts[0] !== 'test' && parts.includes('domain'))
}

export function violationsIn(source: string): string[] {
  const violations: string[] = []
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1')
  for (const match of code.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]|require\s*\(\s*['"]([^'"]+)['"]/g)) {
    const specifier = (match[1] ?? match[2] ?? match[3])!.replace(/^node:/, '')
    if (IO_MODULES.some((io) => (io.endsWith('/') ? specifier.startsWith(io) : specifier === io || specifier.startsWith(`${io}/`)))) {
      violations.push(`imports ${specifier}`)
    }
  }
  for (const [pattern, name] of CLOCK_READS) if (pattern.test(code)) violations.push(`reads ${name}`)
  return violations
}

const pureFiles = ['protocol', 'edge', 'hub'].flatMap((dir) => {
  try {
    return sourceFiles(join(root, dir)).filter(isPurePath)
  } catch {
    return []
  }
})

t.test('protocol/ and every domain/ folder import no I/O package and never read the clock', async (t) => {
  t.ok(pureFiles.length > 10, `checked ${pureFiles.length} pure files`)
  const found = pureFiles.flatMap((path) => violationsIn(readFileSync(path, 'utf8')).map((v) => `${relative(root, path)} ${v}`))
  t.same(found, [])
})

t.test('the scan itself catches what it is meant to catch', async (t) => {
  t.same(violationsIn(`import { SerialPort } from 'serialport'`), ['imports serialport'])
  t.same(violationsIn(`import { readFileSync } from "node:fs"`), ['imports fs'])
  t.same(violationsIn(`const m = await import('mqtt')`), ['imports mqtt'])
  t.same(violationsIn(`export { x } from 'better-sqlite3'`), ['imports better-sqlite3'])
  t.same(violationsIn(`const now = Date.now()`), ['reads Date.now()'])
  t.same(violationsIn(`const at = new Date()`), ['reads new Date()'])
  t.same(violationsIn(`setTimeout(() => {}, 5)`), ['reads timers'])
  t.same(violationsIn(`// Date.now() is passed in\nimport { createHash } from 'node:crypto'`), [])
  t.same(violationsIn(`const at = new Date(nowMs)`), [])
  t.equal(isPurePath(join(root, 'edge/src/domain/decide-access.ts')), true)
  t.equal(isPurePath(join(root, 'edge/src/adapters/serial-port-link.ts')), false)
})
