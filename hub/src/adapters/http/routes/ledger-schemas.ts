import { Type } from '@sinclair/typebox'
import { ALERT_KINDS } from '../../../domain/ledger/alert-intent.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

export const LedgerEventSchema = Type.Object({
  feedSeq: Type.Integer({ description: 'arrival order at the hub; page with ?before=' }),
  id: Type.String(),
  edgeId: Type.String(),
  seq: Type.Integer(),
  doorId: Type.String(),
  occurredAt: Type.String({ description: 'by the edge clock' }),
  receivedAt: Type.String(),
  direction: Type.String(),
  lane: Type.String(),
  granted: Type.Boolean(),
  reason: Type.String(),
  credential: Type.Object({ kind: Type.String(), maskedReference: Type.String() }),
  personId: Nullable(Type.String()),
  personName: Nullable(Type.String({ description: 'the person’s name, when this caller may see the person' })),
  isPersonHidden: Type.Boolean({ description: 'the person is known but not shown to this caller' }),
  temperature: Type.Union([Type.Object({ celsius: Type.Union([Type.Number(), Type.Null()]), isFever: Type.Boolean() }), Type.Null()]),
  actor: Type.Union([Type.Object({ kind: Type.String(), id: Nullable(Type.String()), name: Nullable(Type.String()) }), Type.Null()]),
  note: Nullable(Type.String()),
  policyVersion: Type.Integer(),
})

export const AlertSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  kind: Type.Union(ALERT_KINDS.map((kind) => Type.Literal(kind))),
  severity: Type.Union([Type.Literal('critical'), Type.Literal('warning')]),
  isStateful: Type.Boolean({ description: 'true: cleared by the edge when the condition ends; false: cleared by acknowledging' }),
  edgeId: Type.String(),
  doorId: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  deviceKind: Nullable(Type.String()),
  personId: Nullable(Type.String()),
  personName: Nullable(Type.String({ description: 'the person’s name, when this caller may see the person' })),
  sourceKind: Type.String(),
  sourceId: Nullable(Type.String()),
  detail: Type.String(),
  occurrences: Type.Integer(),
  raisedAt: Type.String(),
  lastSeenAt: Type.String(),
  clearedAt: Nullable(Type.String()),
  acknowledged: Type.Union([
    Type.Object({ accountId: Type.String(), name: Type.String(), at: Type.String(), note: Nullable(Type.String()) }),
    Type.Null(),
  ]),
})
