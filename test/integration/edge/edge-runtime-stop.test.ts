/**
 * Stopping the edge (SIGTERM) in the middle of a pulse: a lock wired to an OSDP controller's
 * output is told its safe state before the bus stops, so the controller does not finish the
 * pulse it is timing with the door unlocked after the daemon is gone.
 */
import t from 'tap'
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

function configText(failMode: 'fail-safe' | 'fail-secure'): string {
  return JSON.stringify({
    edgeId: 'gate-1',
    hub: { url: 'mqtt://127.0.0.1:1', httpUrl: 'http://127.0.0.1:1', username: 'gate-1', passwordFile: '/dev/null', hubPublicKey: `${'A'.repeat(43)}=` },
    osdpBuses: [{ id: 'bus-1', link: 'sim://bus-1', pollIntervalMs: 5, readers: [{ name: 'east-in', address: 1, security: 'plain' }] }],
    doors: [{ id: 'east-gate', failMode, lock: { kind: 'osdp', reader: 'east-in', output: 0 }, pulseMs: 30_000, entries: [{ reader: 'east-in', direction: 'in', lane: 'residents' }] }],
  })
}

for (const failMode of ['fail-secure', 'fail-safe'] as const) {
  const safeIsEnergised = failMode === 'fail-safe'
  t.test(`a ${failMode} lock mid-pulse is back in its safe state when the runtime has stopped`, async (t) => {
    const loaded = loadEdgeConfig(configText(failMode))
    if (!loaded.ok) throw new Error(loaded.violations.join('\n'))
    const reader = new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 1 }), systemClock)
    const log = new SilentLogger()
    const hardware = new SimulatedHardware(systemClock, log, { 'bus-1': reader })
    const database = openEdgeDatabase({ path: join(mkdtempSync(join(tmpdir(), 'edge-stop-')), 'edge.db') })
    const journal = new SqliteJournal(database, systemClock, log)
    journal.start()
    const policy = InMemoryPolicyView.fromEntities(communityEntities(), { edgeId: 'gate-1', version: 3, issuedAtMs: Date.now() - 1000, receivedAtMs: Date.now() - 1000 })
    const runtime = new EdgeRuntime(loaded.value, hardware, { journal, policy, passages: null, replayCache: new SqliteReplayCache(database) })
    t.teardown(() => {
      hardware.close()
      journal.stop()
      database.close()
    })
    const online = once(runtime.devices.panels.get('bus-1')!, 'inputsChanged')
    runtime.start()
    await online
    const unlocked = new Promise<void>((resolve) => reader.on('output', () => reader.door.outputs[0] === !safeIsEnergised && resolve()))
    reader.presentCard({ facility: 212, card: 7041 })
    await unlocked
    t.equal(reader.door.outputs[0], !safeIsEnergised, 'the grant unlocked it for a 30 s pulse the controller times')
    await runtime.stop()
    t.equal(reader.door.outputs[0], safeIsEnergised, `stopped: the relay is ${safeIsEnergised ? 'energised' : 'released'} again, at once`)
  })
}
