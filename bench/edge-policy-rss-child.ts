/**
 * Child process of edge-policy-benchmarks.ts: opens the edge database at argv[2] and starts the
 * policy store on it, as the daemon does, answers a few thousand lookups, settles, and prints its
 * resident memory as one JSON line. Only the store counts: nothing else is loaded here.
 */
import { generateKeyPairSync } from 'node:crypto'
import { setTimeout as wait } from 'node:timers/promises'
import { openEdgeDatabase } from '../edge/src/adapters/sqlite/open-edge-database.js'
import { SqlitePolicyStore } from '../edge/src/adapters/sqlite/sqlite-policy-store.js'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import type { Logger } from '../edge/src/ports/logger.js'

const quietLogger: Logger = { child: () => quietLogger, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

const [path, edgeId, ...lookupKeys] = process.argv.slice(2)
const database = openEdgeDatabase({ path: path! })
// Only snapshot files are verified with it, and none is applied here.
const hubPublicKey = generateKeyPairSync('ed25519').publicKey
const store = new SqlitePolicyStore(database, systemClock, quietLogger, { edgeId: edgeId!, hubPublicKey })
store.start()
let found = 0
for (let round = 0; round < 100; round++) {
  for (const key of lookupKeys) {
    const credential = store.credentialByLookupKey(key)
    if (credential !== null && store.person(credential.personId) !== null) found++
  }
}
await wait(200)
globalThis.gc?.()
await wait(100)
const { rss, heapUsed } = process.memoryUsage()
process.stdout.write(`${JSON.stringify({ rssBytes: rss, heapUsedBytes: heapUsed, version: store.inForce()?.version ?? 0, found })}\n`)
store.stop()
database.close()
