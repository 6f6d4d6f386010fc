import t, { type Test } from 'tap'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEdgeDatabase } from '../../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../../edge/src/adapters/sqlite/sqlite-journal.js'
import { SqliteReplayCache } from '../../../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { EdgeRuntime } from '../../../edge/src/assembly/edge-runtime.js'
import { loadEdgeConfig } from '../../../edge/src/config/load-edge-config.js'
import { readerConfig } from '../../../firmware-sim/src/osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { InMemoryPolicyView } from '../../fakes/in-memory-policy-view.js'
import { communityEntities } from '../../fakes/policy-rows.js'
import { SilentLogger } from '../../fakes/silent-logger.js'
import { SimulatedHardware } from '../../fakes/simulated-hardware.js'

const configText = JSON.stringify({
  edgeId: 'gate-1',
  hub: { url: 'mqtt://127.0.0.1:1', httpUrl: 'http://127.0.0.1:1', username: 'gate-1', passwordFile: '/dev/null', hubPublicKey: `${'A'.repeat(43)}=` },
  osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'east-in', address: 1, security: 'plain' }] }],
  doors: [
    {
      id: 'east-gate',
      failMode: 'fail-secure',
      lock: { kind: 'osdp', reader: 'east-in', output: 0 },
      contact: { kind: 'osdp', reader: 'east-in', input: 0 },
      exitButton: { kind: 'osdp', reader: 'east-in', input: 1 },
      heldOpenAfterMs: 1000,
      pulseMs: 500,
      entries: [{ reader: 'east-in', direction: 'in', lane: 'residents' }],
    },
  ],
})

async function edge(t: Test) {
  const loaded = loadEdgeConfig(configText)
  if (!loaded.ok) throw new Error(loaded.violations.join('\n'))
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 1 }), systemClock)
  const log = new SilentLogger()
  const hardware = new SimulatedHardware(systemClock, log, { 'bus-1': reader })
  const database = openEdgeDatabase({ path: join(mkdtempSync(join(tmpdir(), 'edge-runtime-')), 'edge.db') })
  const journal = new SqliteJournal(database, systemClock, log)
  journal.start()
  const entities = communityEntities()
  const policy = InMemoryPolicyView.fromEntities(entities, { edgeId: 'gate-1', version: 3, issuedAtMs: Date.now() - 1000, receivedAtMs: Date.now() - 1000 })
  const runtime = new EdgeRuntime(loaded.value, hardware, { journal, policy, passages: null, replayCache: new SqliteReplayCache(database) })
  const waiters: (() => void)[] = []
  runtime.onJournalled = () => waiters.splice(0).forEach((wake) => wake())
  /** Resolves once the journal holds an entry matching `predicate`. */
  const journalledEntry = async (predicate: (entry: Record<string, unknown>) => boolean) => {
    while (!entries(journal).some(predicate)) await new Promise<void>((resolve) => waiters.push(resolve))
  }
  const panel = runtime.devices.panels.get('bus-1')!
  const firstInputs = once(panel, 'inputsChanged')
  runtime.start()
  t.teardown(async () => {
    await runtime.stop()
    hardware.close()
    journal.stop()
    database.close()
  })
  await firstInputs
  return { runtime, reader, journal, hardware, panel, journalledEntry }
}

function entries(journal: SqliteJournal): Record<string, unknown>[] {
  return journal.nextUnpublished(100).map((entry) => JSON.parse(entry.payloadJson))
}

async function until(check: () => boolean, emitter: { once(event: string, listener: () => void): unknown }, event: string): Promise<void> {
  while (!check()) await new Promise<void>((resolve) => emitter.once(event, resolve))
}

t.test('a resident card opens the gate through the reader’s relay output, journalled first', async (t) => {
  const { reader, journal } = await edge(t)
  const pulsed = new Promise((resolve) => reader.on('output', (change) => change.isActive && resolve(change)))
  reader.presentCard({ facility: 212, card: 7041 })
  await pulsed
  t.match(entries(journal), [{ doorId: 'east-gate', decision: { granted: true }, personId: 'p-zhang' }])
})

t.test('an unknown card is refused and the relay does not move', async (t) => {
  const { reader, journal, runtime } = await edge(t)
  reader.presentCard({ facility: 1, card: 1 })
  await until(() => runtime.screens.get('east-gate')?.phase === 'decided', runtime.screens, 'changed')
  t.match(entries(journal), [{ decision: { granted: false, reason: 'UNKNOWN_CREDENTIAL' } }])
  t.same(reader.door.outputTrace.filter((change) => change.isActive), [])
})

t.test('a door opened without a grant raises DOOR_FORCED; held open raises DOOR_HELD_OPEN', async (t) => {
  const { reader, journalledEntry } = await edge(t)
  reader.setInput(0, true)
  await journalledEntry((entry) => entry.kind === 'DOOR_FORCED' && entry.state === 'raised')
  reader.setInput(0, false)
  await journalledEntry((entry) => entry.kind === 'DOOR_FORCED' && entry.state === 'cleared')
  reader.presentCard({ facility: 212, card: 7041 })
  await journalledEntry((entry) => (entry.decision as { granted?: boolean } | undefined)?.granted === true)
  reader.setInput(0, true)
  await journalledEntry((entry) => entry.kind === 'DOOR_HELD_OPEN' && entry.state === 'raised')
  t.pass('forced, then held open after a grant, each journalled as an alarm')
})

t.test('an unplugged reader raises READER_OFFLINE and clears it when it comes back', async (t) => {
  const { hardware, journal, journalledEntry } = await edge(t)
  hardware.lines.get('bus-1')!.isUnplugged = true
  await journalledEntry((entry) => entry.kind === 'READER_OFFLINE' && entry.state === 'raised')
  hardware.lines.get('bus-1')!.isUnplugged = false
  await journalledEntry((entry) => entry.kind === 'READER_OFFLINE' && entry.state === 'cleared')
  const alarms = entries(journal).filter((entry) => entry.kind === 'READER_OFFLINE')
  t.match(alarms, [{ state: 'raised', device: 'east-in' }, { state: 'cleared', device: 'east-in' }])
})
