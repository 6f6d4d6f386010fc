import { Type, type Static } from '@sinclair/typebox'
import {
  edgeId,
  identifier,
  journalSequence,
  literalUnion,
  printableText,
  schemaVersion,
  timestamp,
  uuid,
} from './field-schemas.js'

export const ALARM_KINDS = [
  'DOOR_FORCED',
  'DOOR_HELD_OPEN',
  'TAMPER',
  'READER_OFFLINE',
  'THERMOMETER_OFFLINE',
  'QR_SCANNER_OFFLINE',
  'DOOR_BOARD_OFFLINE',
  'POWER_FAILURE',
  'FEVER_SUSPECTED',
  'FEVER_CONFIRMED',
  'STAFF_CHECK_TIMED_OUT',
  'TEMPERATURE_SKIPPED',
  'CLOCK_UNTRUSTED',
  'POLICY_STALE',
  'JOURNAL_BACKLOG_HIGH',
  'JOURNAL_DEGRADED',
] as const

export type AlarmKind = (typeof ALARM_KINDS)[number]

/** An alarm raised or cleared; journalled and sequenced like access events. */
export const Alarm = Type.Object(
  {
    v: schemaVersion(),
    id: uuid('Unique id of this raise or clear; the hub stores each id once.'),
    edgeId: edgeId(),
    seq: journalSequence(),
    kind: literalUnion(ALARM_KINDS, 'What is wrong.'),
    state: literalUnion(
      ['raised', 'cleared'],
      'A "cleared" pairs with the earlier "raised" of the same kind, door and device.',
    ),
    at: timestamp('When the edge raised or cleared it.'),
    doorId: Type.Optional(identifier('The door concerned, if any.')),
    device: Type.Optional(identifier('The device concerned, if any (a key of EdgeStatus.devices).')),
    eventId: Type.Optional(uuid('The access event that caused it, e.g. for FEVER_CONFIRMED.')),
    detail: Type.Optional(printableText(160, 'Short human-readable detail; never personal data.')),
  },
  { additionalProperties: false, description: 'An alarm raised or cleared.' },
)

export type Alarm = Static<typeof Alarm>
