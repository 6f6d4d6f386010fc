import { Type, type Static } from '@sinclair/typebox'
import { printableText } from '../mqtt/messages/field-schemas.js'
import { LOCAL_DATE_PATTERN, rowId } from './policy-field-schemas.js'

const window = () =>
  Type.String({
    minLength: 15,
    maxLength: 64,
    pattern: '^[a-z,-]+ [0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$',
    description: 'A window in site local time, e.g. "mon-fri 07:00-22:00" (grammar: schedule-window.ts).',
  })

/**
 * When an `access` row applies, in the site's local time (site.utcOffsetMinutes). A window whose
 * end is not after its start runs past midnight into the next day ("fri,sat 22:00-02:00"). On a
 * local date listed in `holidays`, the windows that START that day are `holidayWindows` instead
 * of `windows` (an empty list: closed all day). Evaluation: schedule-evaluation.ts.
 */
export const PolicySchedule = Type.Object(
  {
    id: rowId(),
    name: printableText(64, 'Name shown to staff, e.g. "Cleaners, weekdays".'),
    windows: Type.Array(window(), { maxItems: 32, description: 'Open windows on ordinary days.' }),
    holidays: Type.Array(Type.String({ pattern: LOCAL_DATE_PATTERN, minLength: 10, maxLength: 10 }), {
      maxItems: 64,
      description: 'Local dates (YYYY-MM-DD) on which holidayWindows replace windows.',
    }),
    holidayWindows: Type.Array(window(), { maxItems: 32, description: 'Open windows on holidays.' }),
  },
  { additionalProperties: false, description: 'Weekly windows plus holidays.' },
)

export type PolicySchedule = Static<typeof PolicySchedule>
