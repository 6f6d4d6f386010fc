import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { encodePolicySnapshot, policySnapshotSha256 } from '../protocol/policy/policy-snapshot-codec.js'
import { createLogger } from '../edge/src/adapters/create-logger.js'
import { byteLinkFactory } from '../edge/src/adapters/serial/open-byte-link.js'
import { openEdgeDatabase } from '../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../edge/src/adapters/sqlite/sqlite-journal.js'
import { SqlitePolicyStore } from '../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { SqliteReplayCache } from '../edge/src/adapters/sqlite/sqlite-replay-cache.js'
import { FileSecretStore } from '../edge/src/adapters/file-secret-store.js'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import { EdgeRuntime } from '../edge/src/assembly/edge-runtime.js'
import { loadEdgeConfig } from '../edge/src/config/load-edge-config.js'
import { readerConfig } from '../firmware-sim/src/osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { PtyDeviceLink } from '../firmware-sim/src/transports/pty-device-link.js'
import { generateCommunityPolicy } from './policy-community-generator.js'
import { generateKeyPairSync } from 'node:crypto'

/**
 * Card to relay, end to end: the simulated reader holds a card to the edge over a real
 * pseudo-terminal at 115200 baud; the edge polls it (OSDP), decides from its SQLite policy cache,
 * journals the grant durably (synchronous=FULL) and sends OUT; the clock stops when the simulated
 * relay closes. Everything but RF and lock mechanics.
 */
export async function edgeCardToRelayBenchmarks(isQuick: boolean): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-card-to-relay-'))
  const reader = new SimulatedOsdpReader(readerConfig({ address: 1, replyDelayMs: 2 }), systemClock)
  const pty = new PtyDeviceLink(reader, { devicePath: join(dir, 'reader.device'), hostPath: join(dir, 'reader'), baudRate: 115200 })
  await pty.start()
  const log = createLogger('silent')
  const database = openEdgeDatabase({ path: join(dir, 'edge.db') })
  const journal = new SqliteJournal(database, systemClock, log)
  const store = new SqlitePolicyStore(database, systemClock, log, { edgeId: 'gate-north', hubPublicKey: generateKeyPairSync('ed25519').publicKey })
  journal.start()
  store.start()
  const residents = isQuick ? 2_000 : 20_000
  const community = generateCommunityPolicy(residents)
  const snapshot = {
    ...community.snapshot,
    entities: {
      ...community.snapshot.entities,
      door: community.snapshot.entities.door.map((door) => (door.id === 'north-gate' ? { ...door, isTemperatureRequired: false, antiPassback: 'off' as const } : door)),
    },
  }
  const body = encodePolicySnapshot(snapshot)
  const applied = store.applySnapshotInThread(body, policySnapshotSha256(body), snapshot.version)
  if (!applied.ok) throw new Error(`policy not applied: ${applied.code} ${applied.detail}`)
  writeFileSync(join(dir, 'secrets.json'), '{}')
  const secrets = new FileSecretStore(join(dir, 'secrets.json'))
  const config = loadEdgeConfig(
    JSON.stringify({
      edgeId: 'gate-north',
      hub: { url: 'mqtt://127.0.0.1:1', httpUrl: 'http://127.0.0.1:1', username: 'gate-north', passwordFile: '/dev/null', hubPublicKey: `${'A'.repeat(42)}E=` },
      osdpBuses: [{ id: 'bus-1', link: join(dir, 'reader'), baudRate: 115200, readers: [{ name: 'north-in', address: 1, security: 'plain' }] }],
      doors: [{ id: 'north-gate', failMode: 'fail-secure', lock: { kind: 'osdp', reader: 'north-in', output: 0 }, pulseMs: 3000, entries: [{ reader: 'north-in', direction: 'in', lane: 'residents' }] }],
    }),
  )
  if (!config.ok) throw new Error(config.violations.join('; '))
  const runtime = new EdgeRuntime(config.value, { clock: systemClock, log, linkFactory: byteLinkFactory, gpio: null, secrets, wiegandCapture: null }, { journal, policy: store, passages: store, replayCache: new SqliteReplayCache(database) })
  const panel = runtime.devices.panels.get('bus-1')!
  const online = new Promise<void>((resolve) => panel.once('readerOnline', () => resolve()))
  runtime.start()
  await online
  const cards = isQuick ? 100 : 500
  const latenciesMs: number[] = []
  for (let index = 0; index < cards; index++) {
    const card = (index * 37) % residents
    const closed = new Promise<number>((resolve) => {
      const onOutput = (change: { isActive: boolean }) => {
        if (!change.isActive) return
        reader.off('output', onOutput)
        resolve(performance.now())
      }
      reader.on('output', onOutput)
    })
    // A person walks up between cards: the gate is idle (LED and buzzer of the last one done).
    await new Promise((resolve) => setTimeout(resolve, 60 + ((index * 53) % 90)))
    const presentedAt = performance.now()
    reader.presentCard({ facility: card >> 16, card: card & 0xffff })
    latenciesMs.push((await closed) - presentedAt)
    reader.door.applyOutput({ output: 0, action: 'permanent-off', timerMs: 0 })
  }
  await runtime.stop()
  journal.stop()
  store.stop()
  database.close()
  await pty.stop()
  rmSync(dir, { recursive: true, force: true })
  latenciesMs.sort((a, b) => a - b)
  const percentile = (p: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))]!
  return {
    'edge.card_to_relay.p50_ms': Math.round(percentile(0.5) * 10) / 10,
    'edge.card_to_relay.p99_ms': Math.round(percentile(0.99) * 10) / 10,
    'edge.card_to_relay.cards': cards,
  }
}
