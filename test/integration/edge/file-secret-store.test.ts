/**
 * The edge's secret file (reader keys): several readers keyed at the same moment, as when an edge
 * with one bus per reader is commissioned, must all end up in the file.
 */
import t from 'tap'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { FileSecretStore } from '../../../edge/src/adapters/file-secret-store.js'

t.test('keys stored at the same moment are all kept, in a 0600 file a new store reads back', async (t) => {
  const path = join(t.testdir(), 'secrets.json')
  const store = new FileSecretStore(path)
  const keys = ['gate-res-in', 'gate-res-out', 'gate-ret-in', 'gate-assist-in'].map((reader, index) => [`osdp-scbk:${reader}`, Buffer.alloc(16, index + 1)] as const)
  await Promise.all(keys.map(([name, key]) => store.set(name, key)))
  const reread = new FileSecretStore(path)
  reread.load()
  for (const [name, key] of keys) t.same(reread.get(name), key, `${name} is in the file`)
  t.equal(Object.keys(JSON.parse(readFileSync(path, 'utf8'))).length, 4, 'four keys, none lost')
  t.equal(statSync(path).mode & 0o777, 0o600, 'readable by the daemon only')
})
