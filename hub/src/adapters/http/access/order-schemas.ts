import { Type } from '@sinclair/typebox'
import { epochMs, oneOf } from '../../../../../protocol/policy/policy-field-schemas.js'
import { TIMED_ORDER_STATES } from '../../sqlite/access/timed-order-rows.js'

/** Body and query fields shared by observation orders, lockdowns and medical exceptions. */
const text = (description: string) => Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description })

export const reasonField = (description = 'Why (audited).') => Type.Optional(text(description))

export const orderWindowFields = {
  startsAtMs: Type.Optional(epochMs('In force from (default now).')),
  endsAtMs: Type.Optional(epochMs('Release date; or give days.')),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: "Length in days (default the site's observation_default_days, 14)." })),
}

export const ReasonBody = Type.Object({ reason: reasonField() }, { additionalProperties: false })

export const ExtensionBody = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'Days added to the current end.' })),
    endsAtMs: Type.Optional(epochMs('The new, later end.')),
    reason: reasonField(),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const stateField = () =>
  Type.Optional(oneOf(TIMED_ORDER_STATES, 'current (in force or upcoming), in-force, upcoming or ended, by the hub clock.'))
