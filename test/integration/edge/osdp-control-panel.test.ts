import t, { type Test } from 'tap'
import { once } from 'node:events'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { PeerLink } from '../../../edge/src/adapters/serial/peer-link.js'
import { byteLinkFactory } from '../../../edge/src/adapters/serial/open-byte-link.js'
import { OsdpControlPanel, defaultOsdpControlPanelOptions } from '../../../edge/src/adapters/osdp/osdp-control-panel.js'
import { readerKeyName } from '../../../edge/src/adapters/osdp/osdp-bring-up.js'
import type { OsdpReaderSettings } from '../../../edge/src/adapters/osdp/osdp-peripheral.js'
import { ResilientLink } from '../../../edge/src/services/resilient-link.js'
import { SimulatedOsdpReader } from '../../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { readerConfig, type OsdpReaderConfig } from '../../../firmware-sim/src/osdp/osdp-reader-config.js'
import { connectInProcess } from '../../../firmware-sim/src/transports/in-process-link.js'
import { FaultyLine } from '../../../firmware-sim/src/transports/faulty-line.js'
import { MultiDropBus } from '../../../firmware-sim/src/transports/multi-drop-bus.js'
import { TcpDeviceServer } from '../../../firmware-sim/src/transports/tcp-device-server.js'
import { H10301, WIEGAND_34 } from '../../../protocol/wiegand/wiegand-format.js'
import { MemorySecretStore } from '../../fakes/memory-secret-store.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const options = { ...defaultOsdpControlPanelOptions, replyTimeoutMs: 60, maxRetries: 2, offlineRetryMs: { initial: 50, max: 200 }, wiegandFormats: [H10301, WIEGAND_34] }

function reader(overrides: Partial<OsdpReaderConfig> = {}): SimulatedOsdpReader {
  return new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 1, ...overrides }), systemClock)
}

function settings(overrides: Partial<OsdpReaderSettings> = {}): OsdpReaderSettings {
  return { name: 'gate-in', address: 1, security: 'plain', isInstallAllowed: false, ...overrides }
}

function panelFor(t: Test, device: SimulatedOsdpReader | MultiDropBus, readers: OsdpReaderSettings[], secrets = new MemorySecretStore()) {
  const line = new FaultyLine(device, systemClock)
  const peer = connectInProcess(line)
  const log = new SilentLogger()
  const link = new ResilientLink(() => new PeerLink(peer), systemClock, log, { initialRetryMs: 20, maxRetryMs: 100 })
  const panel = new OsdpControlPanel(link, readers, secrets, systemClock, log, options)
  link.start()
  panel.start()
  t.teardown(async () => {
    panel.stop()
    await link.stop()
    peer.close()
  })
  return { panel, line, log, secrets }
}

t.test('brings a plain reader online and turns its activity into events', async (t) => {
  const sim = reader()
  const { panel } = panelFor(t, sim, [settings()])
  t.match((await once(panel, 'readerOnline'))[0], { name: 'gate-in', address: 1, isSecure: false })
  sim.presentCard({ facility: 212, card: 7041 })
  t.same((await once(panel, 'credentialRead'))[0], { name: 'gate-in', address: 1, format: 'H10301', facility: 212, card: 7041 })
  sim.presentBits([1, 0, 1])
  t.match((await once(panel, 'cardRejected'))[0], { code: 'BAD_LENGTH', bitCount: 3 })
  sim.typeKeys('12')
  sim.typeKeys('34#')
  t.same((await once(panel, 'pinEntered'))[0], { name: 'gate-in', address: 1, pin: '1234' })
  sim.setInput(0, true)
  t.same((await once(panel, 'inputsChanged'))[0], { name: 'gate-in', address: 1, inputs: [true, false] })
  sim.setTamper(true)
  t.match((await once(panel, 'localStatusChanged'))[0], { isTampered: true, hasPowerFailure: false })
  const released = new Promise((resolve) => sim.on('output', (change) => !change.isActive && resolve(change)))
  await panel.pulseOutput('gate-in', 0, 100)
  await released
  t.same(sim.door.outputTrace.map((change) => change.isActive), [true, false])
  await panel.feedback('gate-in', 'granted')
  t.equal(sim.door.leds.get(0)?.temporary.onColor, 'green')
  t.match(sim.door.buzzer, { tone: 'default', count: 1 })
})

t.test('installs a Secure Channel key on a reader in install mode and uses it from then on', async (t) => {
  const sim = reader()
  const secrets = new MemorySecretStore()
  const first = panelFor(t, sim, [settings({ security: 'secure-only', isInstallAllowed: true })], secrets)
  t.match((await once(first.panel, 'readerOnline'))[0], { isSecure: true })
  const key = secrets.get(readerKeyName('gate-in'))
  t.equal(key?.length, 16)
  t.same(sim.secure.security.scbk, key, 'the reader holds the key the edge stored')
  t.equal(sim.secure.security.isInstallMode, false)
  sim.presentCard({ facility: 1, card: 2 })
  t.match((await once(first.panel, 'credentialRead'))[0], { card: 2 })
  first.panel.stop()
  const second = panelFor(t, sim, [settings({ security: 'secure-only', isInstallAllowed: false })], secrets)
  t.match((await once(second.panel, 'readerOnline'))[0], { isSecure: true }, 'a restarted edge opens the channel with the stored key')
})

t.test('a secure-only reader that cannot do the Secure Channel stays offline and says why', async (t) => {
  const sim = reader({ security: { isSupported: false, isInstallMode: false, scbk: null, isSecureOnly: false } })
  const { panel } = panelFor(t, sim, [settings({ security: 'secure-only', isInstallAllowed: true })])
  t.match((await once(panel, 'securityRefused'))[0], { name: 'gate-in', reason: 'SC_UNSUPPORTED' })
  t.equal(panel.readers[0]!.state, 'offline')
})

t.test('a secure reader without the Secure Channel runs in plaintext with a warning', async (t) => {
  const sim = reader({ security: { isSupported: false, isInstallMode: false, scbk: null, isSecureOnly: false } })
  const { panel } = panelFor(t, sim, [settings({ security: 'secure', isInstallAllowed: true })])
  const [downgraded, online] = await Promise.all([once(panel, 'securityDowngraded'), once(panel, 'readerOnline')])
  t.match(downgraded[0], { reason: 'SC_UNSUPPORTED' })
  t.match(online[0], { isSecure: false })
})

t.test('falls back from CRC to checksums for an old reader', async (t) => {
  const sim = reader({ checkCharacter: 'checksum-only' })
  const { panel } = panelFor(t, sim, [settings()])
  await once(panel, 'readerOnline')
  sim.presentCard({ facility: 9, card: 99 })
  t.match((await once(panel, 'credentialRead'))[0], { facility: 9, card: 99 })
})

t.test('survives lost, corrupt and BUSY replies without going offline', async (t) => {
  const sim = reader()
  const { panel, line } = panelFor(t, sim, [settings()])
  await once(panel, 'readerOnline')
  let wentOffline = false
  panel.on('readerOffline', () => (wentOffline = true))
  line.dropNext = 1
  line.corruptNext = 1
  sim.busyReplies = 1
  sim.presentCard({ facility: 212, card: 7041 })
  t.match((await once(panel, 'credentialRead'))[0], { card: 7041 })
  t.equal(wentOffline, false)
  t.ok(panel.decodeErrors.get('BAD_CRC') >= 1, 'the corrupt reply was counted')
})

t.test('marks an unplugged reader offline and brings it back when replugged', async (t) => {
  const sim = reader()
  const { panel, line } = panelFor(t, sim, [settings()])
  await once(panel, 'readerOnline')
  line.isUnplugged = true
  t.match((await once(panel, 'readerOffline'))[0], { name: 'gate-in', reason: 'NO_REPLY' })
  await t.rejects(panel.pulseOutput('gate-in', 0, 100), { code: 'READER_OFFLINE' })
  line.isUnplugged = false
  await once(panel, 'readerOnline')
  sim.presentCard({ facility: 1, card: 5 })
  t.match((await once(panel, 'credentialRead'))[0], { card: 5 })
})

t.test('polls several readers on one multi-drop bus', async (t) => {
  const gateIn = reader({ address: 1 })
  const gateOut = reader({ address: 2 })
  const { panel } = panelFor(t, new MultiDropBus([gateIn, gateOut]), [
    settings({ name: 'gate-in', address: 1 }),
    settings({ name: 'gate-out', address: 2 }),
  ])
  const online = new Set<string>()
  await new Promise<void>((resolve) =>
    panel.on('readerOnline', (event) => {
      online.add(event.name)
      if (online.size === 2) resolve()
    }),
  )
  gateOut.presentCard({ facility: 35284, card: 7041 }, WIEGAND_34)
  t.match((await once(panel, 'credentialRead'))[0], { name: 'gate-out', address: 2, format: 'WIEGAND_34' })
})

t.test('reconnects a tcp:// link after the serial server drops it', async (t) => {
  const sim = reader()
  const server = new TcpDeviceServer(sim, { host: '127.0.0.1', port: 0 })
  const { port } = await server.start()
  t.teardown(() => server.stop())
  const log = new SilentLogger()
  const link = new ResilientLink(byteLinkFactory(`tcp://127.0.0.1:${port}`, 115200), systemClock, log, { initialRetryMs: 20, maxRetryMs: 100 })
  const panel = new OsdpControlPanel(link, [settings()], new MemorySecretStore(), systemClock, log, options)
  link.start()
  panel.start()
  t.teardown(async () => {
    panel.stop()
    await link.stop()
  })
  await once(panel, 'readerOnline')
  const down = once(link, 'down')
  server.unplug()
  t.match((await down)[0], { code: 'LINK_DISCONNECTED' })
  server.replug()
  await once(link, 'up')
  sim.presentCard({ facility: 3, card: 4 })
  t.match((await once(panel, 'credentialRead'))[0], { card: 4 })
})
