import { Type, type Static } from '@sinclair/typebox'
import { DENY_REASONS } from './access-event.js'
import { edgeId, literalUnion, printableText, schemaVersion, timestamp, uuid } from './field-schemas.js'

/**
 * Why a command was not carried out, in the order the edge checks. INVALID: the payload failed
 * the schema (or carries `contactCelsius` with an action that takes none) but its id could still
 * be read. The freshness codes come from `checkCommandFreshness`. REASON_REQUIRED and
 * READING_REQUIRED come from `checkCommandFields`: a staff opening without a reason, a fever
 * action without its contact reading. NO_STAFF_CHECK_PENDING: no kiosk of the door is waiting for
 * a staff temperature check (nothing suspected, or the person has left). READING_CONTRADICTS_ACTION:
 * CONFIRM_FEVER with a reading below the fever threshold, or CLEAR_FEVER with one at or above it.
 */
export const COMMAND_ERROR_CODES = [
  'INVALID',
  'WRONG_EDGE',
  'BAD_SIGNATURE',
  'BAD_TIMESTAMP',
  'LIFETIME_TOO_LONG',
  'EXPIRED',
  'NOT_YET_VALID',
  'REPLAYED',
  'DOOR_UNKNOWN',
  'REASON_REQUIRED',
  'READING_REQUIRED',
  'DENIED_BY_POLICY',
  'NO_STAFF_CHECK_PENDING',
  'READING_CONTRADICTS_ACTION',
  'DOOR_FAULT',
] as const

export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number]

const replyFields = {
  v: schemaVersion(),
  id: uuid('The id of the command this answers.'),
  edgeId: edgeId('The edge that answers.'),
  at: timestamp('When the edge finished with the command.'),
}

export const CommandReply = Type.Union(
  [
    Type.Object(
      {
        ...replyFields,
        status: Type.Literal('ok', { description: 'The command was carried out.' }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        ...replyFields,
        status: Type.Literal('error', { description: 'The command was refused or failed.' }),
        code: literalUnion(COMMAND_ERROR_CODES, 'Stable reason code.'),
        denyReason: Type.Optional(
          literalUnion(DENY_REASONS, 'With DENIED_BY_POLICY: the reason local policy gave, e.g. QUARANTINED.'),
        ),
        detail: Type.Optional(printableText(160, 'Short human-readable detail; never personal data.')),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'The outcome of one command.' },
)

export type CommandReply = Static<typeof CommandReply>
