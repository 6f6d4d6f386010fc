/**
 * A reader on a second connection (WAL) while a big snapshot replaces the policy: every read sees
 * the old version whole or the new one whole, never a mix, including reads made while the write
 * transaction was open.
 */
import t from 'tap'
import { Worker } from 'node:worker_threads'
import type { MutableEntities } from '../../fakes/policy-rows.js'
import { applyEntities, openStore, outcomeOf } from './policy-store-harness.js'
import { bigCommunity as richBigCommunity } from './rich-community.js'

const PEOPLE = 20_000
const WATCHED_KEY = 'card:h10301:212:7041'

function bigCommunity(extraPeople: number, watchedStatus: 'active' | 'revoked'): MutableEntities {
  return richBigCommunity(PEOPLE + extraPeople, watchedStatus)
}

interface Read {
  readonly version: number
  readonly status: string
  readonly people: number
  /** A write transaction was open right after this read, so the read ran before its commit. */
  readonly isWriterActive: boolean
}

t.test('a reader sees the old policy or the new one, never a mix, while a snapshot applies', async (t) => {
  const { store, path } = openStore(t)
  const before = bigCommunity(0, 'active')
  const after = bigCommunity(1, 'revoked')
  t.equal(outcomeOf(applyEntities(store, before, 1)), 'applied')
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(new URL('./policy-reader-worker.mjs', import.meta.url), { workerData: { path, lookupKey: WATCHED_KEY, flag, newVersion: 2 } })
  const messages: { kind: string; reads?: Read[] }[] = []
  let onMessage: () => void = () => {}
  worker.on('message', (message: { kind: string; reads?: Read[] }) => {
    messages.push(message)
    onMessage()
  })
  const next = (kind: string) =>
    new Promise<{ reads?: Read[] }>((resolve, reject) => {
      worker.once('error', reject)
      const check = () => {
        const found = messages.find((message) => message.kind === kind)
        if (found !== undefined) resolve(found)
      }
      onMessage = check
      check()
    })
  await next('ready')
  t.equal(outcomeOf(applyEntities(store, after, 2)), 'applied')
  Atomics.store(flag, 0, 1)
  const { reads = [] } = await next('reads')
  await worker.terminate()
  const oldWhole = { version: 1, status: 'active', people: before.person.length }
  const newWhole = { version: 2, status: 'revoked', people: after.person.length }
  const mixed = reads.filter((read) => {
    const seen = { version: read.version, status: read.status, people: read.people }
    return JSON.stringify(seen) !== JSON.stringify(oldWhole) && JSON.stringify(seen) !== JSON.stringify(newWhole)
  })
  t.same(mixed.slice(0, 3), [], `${reads.length} reads, none mixed`)
  const firstNew = reads.findIndex((read) => read.version === 2)
  // A writer seen after the first new read is not the apply (the commit's WAL checkpoint can hold
  // a lock a moment longer); the reads before it that saw a writer ran inside the apply.
  const duringApply = reads.slice(0, Math.max(firstNew, 0)).filter((read) => read.isWriterActive)
  t.ok(duringApply.length > 0, `${duringApply.length} reads ran while the apply held its write transaction`)
  t.ok(duringApply.every((read) => read.status === oldWhole.status && read.people === oldWhole.people), 'and saw the old version whole')
  t.ok(firstNew > 0 && reads.slice(firstNew).every((read) => read.version === 2), 'once the new version is seen, the old one never again')
})
