import t from 'tap'
import { loadEdgeConfig } from '../../../edge/src/config/load-edge-config.js'

const valid = {
  edgeId: 'gate-1',
  hub: { url: 'mqtt://127.0.0.1:1883', httpUrl: 'http://127.0.0.1:8080', username: 'gate-1', passwordFile: '/etc/gatehouse/hub-password', hubPublicKey: `${'A'.repeat(43)}=` },
  osdpBuses: [{ id: 'bus-1', link: '/dev/ttyUSB0', readers: [{ name: 'gate-1-in', address: 1 }, { name: 'gate-1-out', address: 2 }] }],
  thermometers: [{ id: 'thermo-1', link: 'tcp://127.0.0.1:7002' }],
  doors: [
    {
      id: 'north-gate',
      failMode: 'fail-secure',
      lock: { kind: 'osdp', reader: 'gate-1-in' },
      contact: { kind: 'gpio', line: 27, isActiveLow: true },
      entries: [
        { reader: 'gate-1-in', direction: 'in', lane: 'residents' },
        { reader: 'gate-1-out', direction: 'out' },
      ],
      thermometer: 'thermo-1',
    },
  ],
}

t.test('accepts a valid config and fills in the defaults', async (t) => {
  const result = loadEdgeConfig(JSON.stringify(valid))
  if (!result.ok) throw new Error(result.violations.join('\n'))
  t.equal(result.value.osdpBuses[0]!.baudRate, 115200)
  t.equal(result.value.osdpBuses[0]!.readers[0]!.security, 'secure-only', 'readers are secure-only unless said otherwise')
  t.equal(result.value.doors[0]!.pulseMs, 3000)
  t.equal(result.value.doors[0]!.exitButton, null)
  t.equal(result.value.gpio.backend, 'sysfs')
  t.equal(result.value.hub.keepaliveSeconds, 10)
})

t.test('lists every violation at once', async (t) => {
  const broken = {
    ...valid,
    edgeId: 'Gate 1',
    osdpBuses: [{ id: 'bus-1', link: '/dev/ttyUSB0', baudRate: 1234, readers: [{ name: 'gate-1-in', address: 200 }] }],
    doors: [{ ...valid.doors[0], failMode: 'sometimes', pulseMs: 10 }],
    unknownSetting: true,
  }
  const result = loadEdgeConfig(JSON.stringify(broken))
  if (result.ok) throw new Error('a broken config was accepted')
  for (const path of ['/edgeId', '/osdpBuses/0/baudRate', '/osdpBuses/0/readers/0/address', '/doors/0/failMode', '/doors/0/pulseMs']) {
    t.ok(result.violations.some((violation) => violation.startsWith(path)), `names ${path}`)
  }
  t.ok(result.violations.length >= 6, result.violations.join('\n'))
})

t.test('finds references to readers, thermometers and scanners that do not exist', async (t) => {
  const broken = {
    ...valid,
    doors: [
      { ...valid.doors[0], lock: { kind: 'osdp', reader: 'gate-9' }, thermometer: 'thermo-9', qrScanner: 'qr-9' },
      { ...valid.doors[0] },
    ],
  }
  const result = loadEdgeConfig(JSON.stringify(broken))
  if (result.ok) throw new Error('dangling references were accepted')
  t.same(result.violations, [
    'door "north-gate" is defined twice',
    '/doors/0/lock: unknown OSDP reader "gate-9"',
    '/doors/0/thermometer: unknown thermometer "thermo-9"',
    '/doors/0/qrScanner: unknown scanner "qr-9"',
    'GPIO line 27 is used twice: /doors/0/contact, /doors/1/contact',
  ])
})

t.test('reports a file that is not JSON', async (t) => {
  t.match(loadEdgeConfig('{ edgeId: '), { ok: false, violations: [/^not JSON/] })
})

t.test('a Wiegand reader on D0/D1 is an entry like an OSDP reader, with gpiomon and the common layouts by default', async (t) => {
  const withWiegand = {
    ...valid,
    wiegandReaders: [{ id: 'side-in', d0Line: 5, d1Line: 6 }],
    doors: [{ ...valid.doors[0], entries: [...valid.doors[0]!.entries, { reader: 'side-in', direction: 'in', lane: 'assisted' }] }],
  }
  const result = loadEdgeConfig(JSON.stringify(withWiegand))
  if (!result.ok) throw new Error(result.violations.join('\n'))
  t.same(result.value.wiegandReaders, [
    { id: 'side-in', d0Line: 5, d1Line: 6, capture: 'gpiomon', formats: ['H10301', 'WIEGAND_34'], frameGapMs: 30, gpiomon: { command: 'gpiomon', chip: 'gpiochip0', cliVersion: 1, bias: null } },
  ])
})

t.test('refuses Wiegand wiring that cannot work: a line used twice, an unknown layout, the simulated board, a name taken', async (t) => {
  const clash = {
    ...valid,
    gpio: { backend: 'simulated' },
    wiegandReaders: [
      { id: 'side-in', d0Line: 27, d1Line: 6 },
      { id: 'gate-1-in', d0Line: 6, d1Line: 13 },
    ],
  }
  const result = loadEdgeConfig(JSON.stringify(clash))
  t.same(result.ok ? [] : result.violations.sort(), [
    '/wiegandReaders: Wiegand readers need the real GPIO (gpio.backend "sysfs"); the simulated door board has none',
    'GPIO line 27 is used twice: /doors/0/contact, /wiegandReaders/0/d0Line',
    'GPIO line 6 is used twice: /wiegandReaders/0/d1Line, /wiegandReaders/1/d0Line',
    'reader "gate-1-in" is defined twice',
  ])
  const badLayout = loadEdgeConfig(JSON.stringify({ ...valid, wiegandReaders: [{ id: 'side-in', d0Line: 5, d1Line: 6, formats: ['CORPORATE_1000'] }] }))
  t.equal(badLayout.ok, false, 'an unknown layout name')
})
