import { Type, type Static } from '@sinclair/typebox'
import { epochMs, oneOf, rowId, rowReference } from './policy-field-schemas.js'

export const OBSERVATION_SUBJECT_KINDS = ['person', 'household', 'building'] as const
export type ObservationSubjectKind = (typeof OBSERVATION_SUBJECT_KINDS)[number]

/**
 * Home observation (居家观察) of a person, a household or a whole building, from `startsAtMs`
 * until `endsAtMs` (exclusive; it lifts by itself then). Under observation one may come home but
 * not go out, unless a `medical-exception` row for the person is active. The hub should delete the
 * row once it has ended: with an untrusted clock the edge treats every row present as in force.
 */
export const PolicyObservation = Type.Object(
  {
    id: rowId(),
    subjectKind: oneOf(OBSERVATION_SUBJECT_KINDS, 'Who is observed: a person, household or building.'),
    subjectId: rowReference('The person, household or building id.'),
    startsAtMs: epochMs('In force from this instant.'),
    endsAtMs: epochMs('Lifted at this instant (the release date).'),
  },
  { additionalProperties: false, description: 'A home observation order.' },
)

export type PolicyObservation = Static<typeof PolicyObservation>
