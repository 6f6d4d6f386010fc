import { Type, type Static } from '@sinclair/typebox'
import { EDGE_ID_PATTERN } from '../topics.js'
import {
  CODE_PATTERN,
  count,
  edgeId,
  literalUnion,
  policyVersion,
  printableText,
  schemaVersion,
  timestamp,
} from './field-schemas.js'

export const DEVICE_KINDS = ['reader', 'thermometer', 'qr-scanner', 'door-board', 'clock', 'journal'] as const

export const DEVICE_STATES = ['ok', 'degraded', 'offline', 'unknown'] as const

export const DeviceHealth = Type.Object(
  {
    kind: literalUnion(DEVICE_KINDS, 'What sort of device this is.'),
    state: literalUnion(DEVICE_STATES, '"degraded": working, but with recent errors.'),
    since: Type.Optional(timestamp('When the device entered this state.')),
    detail: Type.Optional(printableText(160, 'Short human-readable detail; never personal data.')),
    errorCounts: Type.Optional(
      Type.Record(Type.String({ pattern: CODE_PATTERN, maxLength: 48 }), count('Errors with this code since start.'), {
        maxProperties: 16,
        additionalProperties: false,
        description: 'Decode or driver errors by stable code since the edge started.',
      }),
    ),
  },
  { additionalProperties: false, description: 'Health of one device.' },
)

export type DeviceHealth = Static<typeof DeviceHealth>

/**
 * The edge's retained status. The last will registered at CONNECT is this message with state
 * "offline", composed at connect time: its fields other than `state` describe the edge as it was
 * when it connected.
 */
export const EdgeStatus = Type.Object(
  {
    v: schemaVersion(),
    edgeId: edgeId(),
    state: literalUnion(['online', 'offline'], '"offline" comes from the last will or from an orderly shutdown.'),
    at: timestamp('When the edge composed this status (for the last will: when it connected).'),
    softwareVersion: Type.String({
      pattern: '^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$',
      maxLength: 64,
      description: 'Version of the edge daemon, e.g. "0.1.0".',
    }),
    policyVersion: policyVersion(0, 'Policy version the edge decides with; 0 before the first policy.'),
    journalBacklog: count('Journal entries (events and alarms) not yet acknowledged by the broker.'),
    devices: Type.Record(Type.String({ pattern: EDGE_ID_PATTERN, maxLength: 63 }), DeviceHealth, {
      maxProperties: 16,
      additionalProperties: false,
      description: 'Health of each configured device, by device id.',
    }),
  },
  { additionalProperties: false, description: 'Retained status of one edge; also its last will.' },
)

export type EdgeStatus = Static<typeof EdgeStatus>
