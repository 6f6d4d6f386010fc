import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openEdgeDatabase } from '../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../edge/src/adapters/sqlite/sqlite-journal.js'
import { systemClock } from '../edge/src/adapters/system-clock.js'
import type { JournalEntryInput } from '../edge/src/ports/journal.js'
import type { Logger } from '../edge/src/ports/logger.js'

const PRODUCERS = 8

const quietLogger: Logger = {
  child: () => quietLogger,
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}

function accessEvent(): JournalEntryInput {
  return {
    kind: 'event',
    message: {
      v: 1,
      id: randomUUID(),
      edgeId: 'gate-north',
      occurredAt: new Date(systemClock.now()).toISOString(),
      doorId: 'north-gate-in',
      direction: 'in',
      lane: 'residents',
      credential: { kind: 'card', maskedReference: '****4821' },
      personId: 'p-0193',
      decision: { granted: true, reason: 'GRANTED' },
      temperature: { celsius: 36.6, isFever: false, remeasured: false },
      policyVersion: 42,
    },
  }
}

interface Run {
  readonly eventsPerS: number
  readonly meanBatch: number
}

/** `producers` loops, each awaiting its append (as the door service does) before the next. */
async function sustainedAppends(producers: number, durationMs: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-journal-bench-'))
  const database = openEdgeDatabase({ path: join(dir, 'edge.db') })
  const journal = new SqliteJournal(database, systemClock, quietLogger)
  journal.start()
  try {
    const until = performance.now() + durationMs
    const start = performance.now()
    const producer = async () => {
      while (performance.now() < until) await journal.append(accessEvent())
    }
    await Promise.all(Array.from({ length: producers }, producer))
    const elapsedS = (performance.now() - start) / 1000
    const { appended, commits } = journal.stats()
    return { eventsPerS: appended / elapsedS, meanBatch: appended / Math.max(1, commits) }
  } finally {
    journal.stop()
    database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Durable journal appends on a real file in the temp directory with `synchronous=FULL`: eight
 * concurrent producers sharing group commits, and one producer alone (one fsync per entry), side
 * by side. The figures depend on the disk's fsync latency far more than on the CPU: run them on
 * the gate's own storage for numbers that mean something there.
 */
export async function edgeJournalBenchmarks(durationMs: number, isQuick: boolean): Promise<Record<string, number>> {
  await sustainedAppends(PRODUCERS, isQuick ? 100 : 300)
  const grouped = await sustainedAppends(PRODUCERS, durationMs)
  const single = await sustainedAppends(1, durationMs)
  return {
    'edge.journal.durable_events_per_s': Math.round(grouped.eventsPerS),
    'edge.journal.single_commit_events_per_s': Math.round(single.eventsPerS),
    'edge.journal.group_commit_mean_batch': Math.round(grouped.meanBatch * 10) / 10,
  }
}
