/**
 * The systemd units in docs/deploy/systemd against what they drive: each Exec line runs a bin
 * package.json declares with flags its CLI's --help lists, the state directory is the example
 * config's dataDir, exit code 2 (bad config) really is what the CLIs return for one, the
 * start-limit keys sit where systemd reads them, and the hardening leaves the edge its serial
 * ports and sysfs GPIO. systemd-analyze verify checks the syntax where it is installed.
 */
import t, { type Test } from 'tap'
import { execFile, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadEdgeConfig } from '../../../edge/src/config/load-edge-config.js'
import { loadHubConfig } from '../../../hub/src/config/load-hub-config.js'
import { transpileForChild } from '../../fakes/transpile-for-child.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const deployDir = join(root, 'docs', 'deploy')
const INSTALL_DIR = '/opt/gatehouse/'

type Unit = Map<string, Map<string, string[]>>

/** A unit file as systemd reads it: sections of keys, a key repeated keeps every value. */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map()
  let section: Map<string, string[]> | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    if (line.endsWith('\\')) throw new Error(`line continuations make the unit hard to check: ${line}`)
    const header = /^\[(\w+)\]$/.exec(line)
    if (header !== null) {
      section = new Map()
      unit.set(header[1]!, section)
      continue
    }
    const equals = line.indexOf('=')
    if (section === undefined || equals < 1) throw new Error(`not a key=value line in a section: ${line}`)
    const key = line.slice(0, equals)
    section.set(key, [...(section.get(key) ?? []), line.slice(equals + 1)])
  }
  return unit
}

function readUnit(name: string): { text: string; unit: Unit; value: (section: string, key: string) => string | undefined; values: (section: string, key: string) => string[] } {
  const text = readFileSync(join(deployDir, 'systemd', name), 'utf8')
  const unit = parseUnit(text)
  const values = (section: string, key: string) => unit.get(section)?.get(key) ?? []
  return { text, unit, values, value: (section, key) => values(section, key).at(-1) }
}

const bins = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin

/** `ExecStart=/usr/bin/node /opt/gatehouse/<bin> args...`: the bin's name in package.json and the args. */
function execOf(line: string): { bin: string; args: string[] } {
  const [node, script, ...args] = line.split(/\s+/)
  if (node !== '/usr/bin/node' || script === undefined || !script.startsWith(INSTALL_DIR)) throw new Error(`not "/usr/bin/node ${INSTALL_DIR}…": ${line}`)
  const bin = Object.entries(bins).find(([, path]) => path === script.slice(INSTALL_DIR.length))?.[0]
  if (bin === undefined) throw new Error(`${script} is no bin of package.json (${Object.values(bins).join(', ')})`)
  return { bin, args }
}

const flagsOf = (args: readonly string[]) => args.filter((arg) => arg.startsWith('--'))
const valueAfter = (args: readonly string[], flag: string) => args[args.indexOf(flag) + 1]

const cliChild = transpileForChild(join(root, 'test', 'fakes', 'gatehouse-cli-child.ts'), join(t.testdir(), 'build'))

interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a bin of package.json as its own process; several run side by side. */
function run(bin: string, args: readonly string[]): Promise<CliRun> {
  const which = { 'gatehouse-edge': 'edge', 'gatehouse-hub': 'hub' }[bin]
  if (which === undefined) throw new Error(`no CLI child for ${bin}`)
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cliChild, which, ...args], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null
      if (code === null) return reject(error)
      resolve({ code, stdout, stderr })
    })
  })
}

function checkCommonShape(t: Test, name: string, expectedBin: string, help: CliRun): { unit: ReturnType<typeof readUnit>; start: { bin: string; args: string[] } } {
  const unit = readUnit(name)
  const start = execOf(unit.value('Service', 'ExecStart')!)
  t.equal(start.bin, expectedBin, `${name} runs ${expectedBin}`)
  t.equal(help.code, 0)
  for (const flag of flagsOf(start.args)) t.ok(help.stdout.includes(flag), `${expectedBin} --help lists ${flag}`)
  t.equal(unit.value('Service', 'Restart'), 'on-failure')
  t.equal(unit.value('Service', 'RestartPreventExitStatus'), '2', 'a bad config is not restarted in a loop')
  for (const key of ['StartLimitIntervalSec', 'StartLimitBurst']) {
    t.ok(unit.value('Unit', key), `${key} is in [Unit]`)
    t.equal(unit.value('Service', key), undefined, `${key} in [Service] would be ignored`)
  }
  t.equal(unit.value('Service', 'User'), 'gatehouse')
  t.equal(unit.value('Service', 'NoNewPrivileges'), 'yes')
  t.equal(unit.value('Service', 'ProtectSystem'), 'strict')
  t.equal(unit.value('Service', 'CapabilityBoundingSet'), '', 'no capability at all')
  t.equal(unit.value('Service', 'MemoryDenyWriteExecute'), undefined, "Node's JIT needs writable executable memory")
  t.match(unit.value('Service', 'RestrictAddressFamilies'), /^AF_UNIX AF_INET AF_INET6$/)
  const state = unit.value('Service', 'StateDirectory')
  t.equal(unit.value('Service', 'WorkingDirectory'), `/var/lib/${state}`)
  return { unit, start }
}

t.test('gatehouse-edge.service: the daemon, then safe-relays after every stop, with the serial ports and GPIO it needs', async (t) => {
  const dir = t.testdir()
  const password = join(dir, 'hub-password')
  const ca = join(dir, 'hub-ca.pem')
  writeFileSync(password, 'secret\n')
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n')
  const config = JSON.parse(readFileSync(join(deployDir, 'edge.example.json'), 'utf8')) as { hub: Record<string, unknown> }
  config.hub = { ...config.hub, passwordFile: password, caFile: ca }
  writeFileSync(join(dir, 'edge.json'), JSON.stringify(config))
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...config, edgeId: 'Not An Id' }))
  const [help, safeHelp, check, bad, badSafe] = await Promise.all([
    run('gatehouse-edge', ['--help']),
    run('gatehouse-edge', ['safe-relays', '--help']),
    run('gatehouse-edge', ['--config', join(dir, 'edge.json'), '--check']),
    run('gatehouse-edge', ['--config', join(dir, 'bad.json')]),
    run('gatehouse-edge', ['safe-relays', '--config', join(dir, 'bad.json')]),
  ])

  const { unit, start } = checkCommonShape(t, 'gatehouse-edge.service', 'gatehouse-edge', help)
  const stopPost = execOf(unit.value('Service', 'ExecStopPost')!)
  t.equal(stopPost.bin, 'gatehouse-edge')
  t.equal(stopPost.args[0], 'safe-relays')
  t.equal(valueAfter(stopPost.args, '--config'), valueAfter(start.args, '--config'), 'safe-relays reads the config the daemon ran with')
  for (const flag of flagsOf(stopPost.args)) t.ok(safeHelp.stdout.includes(flag), `safe-relays --help lists ${flag}`)

  t.equal(valueAfter(start.args, '--config'), '/etc/gatehouse/edge.json')
  const example = loadEdgeConfig(readFileSync(join(deployDir, 'edge.example.json'), 'utf8'))
  if (!example.ok) throw new Error(example.violations.join('\n'))
  t.equal(example.value.dataDir, `/var/lib/${unit.value('Service', 'StateDirectory')}`, 'the journal lives in the unit state directory')
  t.ok(example.value.secretsFile.startsWith(`${example.value.dataDir}/`), 'so do the reader keys (written at run time)')
  t.ok(example.value.kiosk.port >= 1024, 'the kiosk port needs no capability')
  t.equal(check.code, 0, `the example passes --check: ${check.stderr}`)
  t.equal(bad.code, 2, 'an invalid config exits 2')
  t.equal(badSafe.code, 2, 'for safe-relays too')

  t.same(unit.value('Service', 'SupplementaryGroups')?.split(/\s+/).sort(), ['dialout', 'gpio'])
  t.equal(unit.value('Service', 'DevicePolicy'), 'closed')
  const allowed = unit.values('Service', 'DeviceAllow').map((entry) => entry.split(/\s+/)[0])
  for (const group of ['char-ttyAMA', 'char-ttyS', 'char-ttyUSB', 'char-gpiochip']) t.ok(allowed.includes(group), `DeviceAllow=${group}`)
  t.not(unit.value('Service', 'ProtectKernelTunables'), 'yes', 'it would make /sys read-only: no relay through /sys/class/gpio')
  t.not(unit.value('Service', 'PrivateDevices'), 'yes', 'it would hide the serial ports')
})

t.test('gatehouse-hub.service: the hub in its state directory, no devices, no capability', async (t) => {
  const examplePath = join(deployDir, 'hub.example.json')
  const badPath = join(t.testdir(), 'bad.json')
  writeFileSync(badPath, JSON.stringify({ http: { port: 'eight thousand' } }))
  const [help, check, bad, backupHelp, restoreHelp] = await Promise.all([
    run('gatehouse-hub', ['--help']),
    run('gatehouse-hub', ['--config', examplePath, '--check']),
    run('gatehouse-hub', ['--config', badPath]),
    run('gatehouse-hub', ['backup', '--help']),
    run('gatehouse-hub', ['restore', '--help']),
  ])
  const { unit, start } = checkCommonShape(t, 'gatehouse-hub.service', 'gatehouse-hub', help)
  t.equal(valueAfter(start.args, '--config'), '/etc/gatehouse/hub.json')
  const example = loadHubConfig(readFileSync(examplePath, 'utf8'))
  if (!example.ok) throw new Error(example.violations.join('\n'))
  const stateDir = `/var/lib/${unit.value('Service', 'StateDirectory')}`
  t.equal(example.value.dataDir, stateDir, 'hub.db and the key live in the unit state directory')
  const writable = [stateDir, ...unit.values('Service', 'ReadWritePaths')]
  t.ok(writable.some((dir) => (example.value.backup.dir ?? stateDir).startsWith(dir)), 'backups go where the unit may write')
  for (const port of [example.value.http.port, example.value.mqtt.port]) t.ok(port >= 1024, `port ${port} needs no capability`)
  t.equal(unit.value('Service', 'PrivateDevices'), 'yes')
  t.equal(check.code, 0, `the example passes --check: ${check.stderr}`)
  t.equal(bad.code, 2, 'an invalid config exits 2')
  t.match(backupHelp, { code: 0, stdout: /--config FILE/ }, 'gatehouse-hub backup --help')
  t.match(restoreHelp, { code: 0, stdout: /--from BACKUP/ }, 'gatehouse-hub restore --help')
})

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' })
t.test('systemd-analyze verify finds nothing to say about either unit', { skip: analyze.status === 0 ? false : 'systemd-analyze is not installed' }, async (t) => {
  const dir = t.testdir()
  for (const name of ['gatehouse-edge.service', 'gatehouse-hub.service']) {
    // verify checks that the executable exists: this machine's node stands in for /usr/bin/node.
    const text = readFileSync(join(deployDir, 'systemd', name), 'utf8').replaceAll('/usr/bin/node ', `${process.execPath} `)
    writeFileSync(join(dir, name), text)
    const result = spawnSync('systemd-analyze', ['verify', '--man=no', join(dir, name)], { encoding: 'utf8' })
    t.equal(result.status, 0, name)
    t.equal(result.stderr.trim(), '', `${name}: no unknown key, no bad value`)
  }
})
