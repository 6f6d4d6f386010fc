import { Type, type Static } from '@sinclair/typebox'
import { LOCAL_DATE_PATTERN } from '../../../../protocol/policy/policy-field-schemas.js'

const printable = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description })

export const TRANSPORT_MODES = ['train', 'plane', 'coach', 'car', 'ship', 'other'] as const

/** Question 3: by what transport (and which train, flight or plate, for contact tracing). */
export const ReturneeTransport = Type.Object(
  {
    mode: Type.Union(TRANSPORT_MODES.map((mode) => Type.Literal(mode)), { description: 'How they travelled.' }),
    detail: Type.Optional(printable(64, 'Train number, flight, plate ... e.g. "G1234 车厢 5".')),
  },
  { additionalProperties: false },
)
export type ReturneeTransport = Static<typeof ReturneeTransport>

/** Question 4: health, as answered at registration. */
export const ReturneeHealth = Type.Object(
  {
    hasFever: Type.Boolean({ description: 'Fever in the last 14 days.' }),
    hasRespiratorySymptoms: Type.Boolean({ description: 'Cough, sore throat, shortness of breath.' }),
    hasContactWithCases: Type.Boolean({ description: 'Contact with a confirmed or suspected case.' }),
    hasVisitedRiskArea: Type.Boolean({ description: 'Stayed in a medium- or high-risk area.' }),
    note: Type.Optional(printable(200, 'Anything else the staff noted.')),
  },
  { additionalProperties: false },
)
export type ReturneeHealth = Static<typeof ReturneeHealth>

/** The four questions (四问四登记): where from, when, by what transport, health. */
export const ReturneeAnswers = Type.Object(
  {
    cameFrom: printable(100, 'Where from: province, city, district, e.g. "湖北省武汉市".'),
    arrivedOn: Type.String({ pattern: LOCAL_DATE_PATTERN, minLength: 10, maxLength: 10, description: 'Arrival date, local (YYYY-MM-DD).' }),
    transport: ReturneeTransport,
    health: ReturneeHealth,
  },
  { additionalProperties: false },
)
export type ReturneeAnswers = Static<typeof ReturneeAnswers>

/** Any health answer that should make staff look twice (and suggests home observation). */
export function hasHealthConcern(health: ReturneeHealth): boolean {
  return health.hasFever || health.hasRespiratorySymptoms || health.hasContactWithCases || health.hasVisitedRiskArea
}
