/**
 * One realistic example of each message, shown in docs/mqtt-contract.md and checked by the tests
 * against the schemas. The signatures are real: they verify with EXAMPLE_HUB_PUBLIC_KEY_HEX.
 */
import type { TopicKind } from './topics.js'
import type { AccessEvent } from './messages/access-event.js'
import type { Alarm } from './messages/alarm.js'
import type { Command } from './messages/command.js'
import type { CommandReply } from './messages/command-reply.js'
import type { EdgeStatus } from './messages/edge-status.js'
import type { PolicyAnnouncement } from './messages/policy-announcement.js'
import type { PolicyApplied } from './messages/policy-applied.js'

/**
 * Raw 32-byte Ed25519 public key (RFC 8032) of the example hub key, whose private seed is
 * SHA-256("gatehouse example hub key"): public knowledge, for examples and tests only.
 */
export const EXAMPLE_HUB_PUBLIC_KEY_HEX = 'e3ce179835bb1f1dc8af2c2f230920eaa00319338376be3602b61cd459e8954d'

const edgeStatus: EdgeStatus = {
  v: 1,
  edgeId: 'gate-north',
  state: 'online',
  at: '2026-03-02T08:15:00.000Z',
  softwareVersion: '0.1.0',
  policyVersion: 42,
  journalBacklog: 0,
  devices: {
    'reader-1': { kind: 'reader', state: 'ok', since: '2026-03-02T06:00:01.250Z' },
    'thermometer-1': {
      kind: 'thermometer',
      state: 'degraded',
      since: '2026-03-02T08:14:31.000Z',
      detail: '2 bad frames in the last minute',
      errorCounts: { BAD_CHECKSUM: 2 },
    },
    'door-board': { kind: 'door-board', state: 'ok' },
  },
}

const accessEvent: AccessEvent = {
  v: 1,
  id: '6f1c2b9e-3d4a-4e8b-9c1d-2a3b4c5d6e7f',
  edgeId: 'gate-north',
  seq: 1287,
  occurredAt: '2026-03-02T08:14:59.412Z',
  doorId: 'north-gate-in',
  direction: 'in',
  lane: 'residents',
  credential: { kind: 'card', maskedReference: '****4821' },
  personId: 'p-0193',
  decision: { granted: false, reason: 'FEVER' },
  temperature: { celsius: 37.8, isFever: true, remeasured: true },
  policyVersion: 42,
}

const alarm: Alarm = {
  v: 1,
  id: '0b7e5d3c-9a1f-4c2e-8d6b-5f4a3e2d1c0b',
  edgeId: 'gate-north',
  seq: 1288,
  kind: 'FEVER_CONFIRMED',
  state: 'raised',
  at: '2026-03-02T08:14:59.430Z',
  doorId: 'north-gate-in',
  device: 'thermometer-1',
  eventId: '6f1c2b9e-3d4a-4e8b-9c1d-2a3b4c5d6e7f',
}

const command: Command = {
  v: 1,
  id: 'c4a8e2f0-7b3d-4d1e-a9c5-3e6f8a0b2d4c',
  edgeId: 'building-7',
  doorId: 'unit-2-door',
  action: 'UNLOCK',
  actor: { kind: 'resident', id: 'p-0193' },
  nonce: 'q3XkV9m2T0aL8sYdFh1w_A',
  issuedAt: '2026-03-02T08:20:00.000Z',
  expiresAt: '2026-03-02T08:20:15.000Z',
  signature: 'A/Nms6y1yFmKZdZ4jPu2gZwObVGqi/YuG5dT8bvjYkrRhuJSg3ZqWuCcnPfr3GKdZf4jrRsSiQT4/z+GSDUdAg==',
}

const commandReply: CommandReply = {
  v: 1,
  id: 'c4a8e2f0-7b3d-4d1e-a9c5-3e6f8a0b2d4c',
  edgeId: 'building-7',
  status: 'error',
  code: 'DENIED_BY_POLICY',
  denyReason: 'QUARANTINED',
  at: '2026-03-02T08:20:00.184Z',
}

const policyAnnouncement: PolicyAnnouncement = {
  v: 1,
  edgeId: 'gate-north',
  version: 43,
  issuedAt: '2026-03-02T09:00:00.000Z',
  sha256: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
  snapshotFormat: 'gatehouse-policy/1',
  delta: {
    baseVersion: 42,
    changes: [
      {
        op: 'put',
        entity: 'quarantine',
        key: 'p-0193',
        row: { personId: 'p-0193', from: '2026-03-02', until: '2026-03-16', mayExit: false },
      },
      { op: 'delete', entity: 'credential', key: 'c-5512' },
    ],
  },
  signature: 'fwRJProrXAMNIklt9mC6z454y6mglT/1r06CKE2yYwsMd8Bxlu2fxcV97/TOmRRbfT2LBawGe7XNJP2lxsmtCA==',
}

const policyApplied: PolicyApplied = {
  v: 1,
  edgeId: 'gate-north',
  version: 43,
  sha256: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
  source: 'delta',
  appliedAt: '2026-03-02T09:00:00.850Z',
}

export const MESSAGE_EXAMPLES = {
  status: edgeStatus,
  event: accessEvent,
  alarm,
  command,
  commandReply,
  policy: policyAnnouncement,
  policyApplied,
} as const satisfies Record<TopicKind, unknown>
