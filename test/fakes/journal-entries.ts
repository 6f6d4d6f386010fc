import { randomUUID } from 'node:crypto'
import type { JournalEntryInput } from '../../edge/src/ports/journal.js'

/** A valid access event for the journal (no `seq`: the journal assigns it), at `occurredAtMs`. */
export function accessEventEntry(occurredAtMs = 1_772_439_299_412, id = randomUUID()): JournalEntryInput & { kind: 'event' } {
  return {
    kind: 'event',
    message: {
      v: 1,
      id,
      edgeId: 'gate-north',
      occurredAt: new Date(occurredAtMs).toISOString(),
      doorId: 'north-gate-in',
      direction: 'in',
      lane: 'residents',
      credential: { kind: 'card', maskedReference: '****4821' },
      personId: 'p-0193',
      decision: { granted: true, reason: 'GRANTED' },
      policyVersion: 42,
    },
  }
}

export function alarmEntry(atMs = 1_772_439_299_430, id = randomUUID()): JournalEntryInput & { kind: 'alarm' } {
  return {
    kind: 'alarm',
    message: {
      v: 1,
      id,
      edgeId: 'gate-north',
      kind: 'DOOR_HELD_OPEN',
      state: 'raised',
      at: new Date(atMs).toISOString(),
      doorId: 'north-gate-in',
      device: 'door-board',
    },
  }
}
