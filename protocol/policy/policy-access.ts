import { Type, type Static } from '@sinclair/typebox'
import { nullable, rowId, rowReference } from './policy-field-schemas.js'

/**
 * One compiled permission: `personId` may pass `doorId`, at any time (`scheduleId` null) or while
 * the schedule is open. A person may have several rows for one door; any one that applies grants.
 * The hub compiles groups, households and roles down to these rows for each edge's doors.
 */
export const PolicyAccess = Type.Object(
  {
    id: rowId(),
    personId: rowReference('Who may pass.'),
    doorId: rowReference('Which door.'),
    scheduleId: nullable(rowReference('When: the schedule that must be open; null: at any time.')),
    isLockdownExempt: Type.Boolean({
      description: 'Staff only: this permission still opens the door while its building is sealed.',
    }),
  },
  { additionalProperties: false, description: 'A person may pass a door, maybe on a schedule.' },
)

export type PolicyAccess = Static<typeof PolicyAccess>
