import { Type, type Static } from '@sinclair/typebox'
import { epochMs, rowId, rowReference } from './policy-field-schemas.js'

/**
 * A sealed building (封楼): from `startsAtMs` until `endsAtMs` (exclusive) its doors refuse everyone
 * in both directions with BUILDING_LOCKDOWN, except staff whose `access` row for the door has
 * `isLockdownExempt`. Gates (doors without a building) are not sealed by it. As with observation,
 * the hub should delete the row once it has ended.
 */
export const PolicyLockdown = Type.Object(
  {
    id: rowId(),
    buildingId: rowReference('The sealed building.'),
    startsAtMs: epochMs('Sealed from this instant.'),
    endsAtMs: epochMs('Reopened at this instant.'),
  },
  { additionalProperties: false, description: 'A building lockdown.' },
)

export type PolicyLockdown = Static<typeof PolicyLockdown>
