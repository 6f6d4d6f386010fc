import { Type, type Static } from '@sinclair/typebox'
import { identifier } from '../../../../../protocol/mqtt/messages/field-schemas.js'
import { epochMs, nullable, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { visitorQrTextOf } from '../../../../../protocol/policy/visitor-qr-code.js'
import type { Caller } from '../../../domain/caller.js'
import { maskPhone } from '../../../domain/people/mask-personal-data.js'
import { VISITOR_PASS_STATES, VISITOR_REQUEST_STATES, visitorPassState, visitorRequestState } from '../../../domain/visitors/visitor-request-terms.js'
import type { PosterPlaces } from '../../sqlite/visitors/visitor-poster-places.js'
import type { VisitorRequestRecord } from '../../sqlite/visitors/visitor-request-repository.js'

const text = (description: string) => Type.String({ description })
const nullableText = (description: string) => nullable(Type.String({ description }))

export const PosterViewSchema = Type.Object(
  {
    gateEdgeId: identifier('The gate (edge) the poster hangs at.'),
    gateName: text('Its name.'),
    units: Type.Array(
      Type.Object({ unitId: identifier('The unit.'), buildingId: identifier('Its building.'), buildingName: text('Building name.'), unitName: text('Unit name.') }),
      { description: 'Every unit of the community, for the visitor to choose where they go.' },
    ),
  },
  { description: 'What the visitor’s form needs to know of the poster’s gate.' },
)

const PassForVisitorSchema = Type.Object(
  {
    state: oneOf(VISITOR_PASS_STATES, 'active, revoked by the host, or expired.'),
    validFromMs: epochMs('Valid from.'),
    validUntilMs: epochMs('Valid until.'),
    qrText: nullableText('What the QR code encodes (GHV1.<code>); null once the pass is no longer usable.'),
    gateName: text('The gate the request was made at; every gate of the community lets the pass in.'),
    buildingName: text('The one building the pass opens besides the gates.'),
  },
  { description: 'The visitor pass the host issued.' },
)

export const VisitorFollowViewSchema = Type.Object(
  {
    id: identifier('The request.'),
    state: oneOf(VISITOR_REQUEST_STATES, 'pending, approved, declined, or lapsed (undecided past its time).'),
    visitorName: text('As the visitor gave it.'),
    expectedAtMs: epochMs('When the visitor expects to arrive.'),
    submittedAtMs: epochMs('When the request was sent.'),
    lapsesAtMs: epochMs('When an undecided request lapses.'),
    gateName: text('The poster’s gate.'),
    place: nullable(
      Type.Object({ buildingName: text('Building.'), unitName: text('Unit.'), room: text('Room.') }, { description: 'Where the visitor goes: shown when they named it, or once approved.' }),
    ),
    declineReason: nullableText('What the host wrote when declining, if anything.'),
    pass: nullable(PassForVisitorSchema),
  },
  { description: 'A visitor’s request as the visitor follows it with their token.' },
)

export const VisitorRequestViewSchema = Type.Object(
  {
    id: identifier('The request.'),
    state: oneOf(VISITOR_REQUEST_STATES, 'pending, approved, declined, or lapsed (undecided past its time).'),
    gateEdgeId: identifier('The gate the request was made at.'),
    gateName: text('Its name.'),
    householdId: identifier('The household visited.'),
    buildingId: identifier('Its building.'),
    buildingName: text('Building.'),
    unitName: text('Unit.'),
    room: text('Room.'),
    matchedBy: oneOf(['room', 'host-phone'] as const, 'How the visitor named the household.'),
    hostPersonId: nullable(identifier('The resident whose phone the visitor gave, if they gave one.')),
    visitorName: text('As the visitor gave it.'),
    visitorPhone: text('In full for the household and its managers; masked for gate staff.'),
    purpose: text('Why they come.'),
    expectedAtMs: epochMs('Expected arrival.'),
    submittedAtMs: epochMs('Sent.'),
    lapsesAtMs: epochMs('An undecided request lapses then.'),
    decidedAtMs: nullable(epochMs('Approved or declined then.')),
    decidedByName: nullableText('Who decided.'),
    declineReason: nullableText('Why it was declined, if a reason was given.'),
    passId: nullable(identifier('The visitor pass issued on approval (GET /api/visitor-passes/{passId}).')),
  },
  { description: 'A visitor’s request, for the household visited, its managers and the gate’s staff.' },
)

export function presentPoster(poster: PosterPlaces): Static<typeof PosterViewSchema> {
  return { gateEdgeId: poster.gateEdgeId, gateName: poster.gateName, units: poster.units.map((unit) => ({ ...unit })) }
}

/**
 * The request as its visitor sees it. Where they go is shown when they named the room themselves
 * or once the host approved: a request by the host's phone must not tell a stranger where the
 * owner of a phone number lives.
 */
export function presentForVisitor(record: VisitorRequestRecord, nowMs: number): Static<typeof VisitorFollowViewSchema> {
  const state = visitorRequestState(record, nowMs)
  const place = record.matchedBy === 'room' || state === 'approved' ? { buildingName: record.buildingName, unitName: record.unitName, room: record.room } : null
  return {
    id: record.id,
    state,
    visitorName: record.visitorName,
    expectedAtMs: record.expectedAtMs,
    submittedAtMs: record.submittedAtMs,
    lapsesAtMs: record.lapsesAtMs,
    gateName: record.gateName,
    place,
    declineReason: state === 'declined' ? record.declineReason : null,
    pass: passForVisitor(record, nowMs),
  }
}

function passForVisitor(record: VisitorRequestRecord, nowMs: number): Static<typeof PassForVisitorSchema> | null {
  if (record.passId === null || record.passStatus === null || record.passValidUntilMs === null || record.passLookupKey === null) return null
  const state = visitorPassState({ status: record.passStatus, validUntilMs: record.passValidUntilMs }, nowMs)
  return {
    state,
    validFromMs: record.passValidFromMs ?? record.decidedAtMs ?? record.submittedAtMs,
    validUntilMs: record.passValidUntilMs,
    qrText: state === 'active' ? visitorQrTextOf(record.passLookupKey) : null,
    gateName: record.gateName,
    buildingName: record.buildingName,
  }
}

/** The request for the household, its managers and the gate's staff (phone masked for the last). */
export function presentForStaff(caller: Caller, record: VisitorRequestRecord, nowMs: number): Static<typeof VisitorRequestViewSchema> {
  return {
    id: record.id,
    state: visitorRequestState(record, nowMs),
    gateEdgeId: record.gateEdgeId,
    gateName: record.gateName,
    householdId: record.householdId,
    buildingId: record.buildingId,
    buildingName: record.buildingName,
    unitName: record.unitName,
    room: record.room,
    matchedBy: record.matchedBy,
    hostPersonId: record.hostPersonId,
    visitorName: record.visitorName,
    visitorPhone: caller.role === 'gate-staff' ? maskPhone(record.visitorPhone) : record.visitorPhone,
    purpose: record.purpose,
    expectedAtMs: record.expectedAtMs,
    submittedAtMs: record.submittedAtMs,
    lapsesAtMs: record.lapsesAtMs,
    decidedAtMs: record.decidedAtMs,
    decidedByName: record.decidedByName,
    declineReason: record.declineReason,
    passId: record.passId,
  }
}
