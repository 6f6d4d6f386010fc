import { Type, type Static } from '@sinclair/typebox'
import { printableText } from '../mqtt/messages/field-schemas.js'
import { durationMs, rowId } from './policy-field-schemas.js'

/**
 * The one row of entity `site`: settings that hold for every door the edge serves.
 *
 * Local time is a fixed offset from UTC (`utcOffsetMinutes`, +480 for China Standard Time).
 * China has observed no daylight saving time since 1991, so a fixed offset is exact there; a
 * site in a zone with DST would need the hub to recompile the row at each change.
 *
 * Temperature screening (ARCHITECTURE.md story 1): the kiosk compensates the averaged forehead
 * reading as `object + calibrationOffsetCelsius + min(maxAmbientCompensationCelsius,
 * ambientCoefficient × max(0, ambientReferenceCelsius − ambient))`; at or above
 * `feverThresholdCelsius` is high, below `lowReadingCelsius` is implausibly low; either is
 * measured again after `remeasureWaitMs`, up to `maxRemeasures` times.
 */
export const PolicySite = Type.Object(
  {
    id: rowId(),
    name: printableText(64, 'Name of the community, as shown on the kiosk screen.'),
    utcOffsetMinutes: Type.Integer({
      minimum: -720,
      maximum: 840,
      description: 'Local time minus UTC in minutes, fixed (no DST): 480 in China.',
    }),
    feverThresholdCelsius: Type.Number({
      minimum: 36,
      maximum: 40,
      description: 'At or above this compensated reading is a fever; 37.3 by default.',
    }),
    lowReadingCelsius: Type.Number({
      minimum: 25,
      maximum: 36,
      description: 'Below this compensated reading is implausible (a cold forehead); 34 by default.',
    }),
    calibrationOffsetCelsius: Type.Number({
      minimum: -5,
      maximum: 5,
      description: 'Added to every forehead reading; fitted on site against a clinical thermometer.',
    }),
    ambientReferenceCelsius: Type.Number({
      minimum: 0,
      maximum: 40,
      description: 'Ambient temperature at which no ambient compensation applies; 25 by default.',
    }),
    ambientCoefficient: Type.Number({
      minimum: 0,
      maximum: 0.5,
      description: 'Degrees added per degree of ambient below the reference; 0 until fitted on site.',
    }),
    maxAmbientCompensationCelsius: Type.Number({
      minimum: 0,
      maximum: 3,
      description: 'Upper bound of the ambient compensation.',
    }),
    samplesPerMeasurement: Type.Integer({
      minimum: 1,
      maximum: 32,
      description: 'Thermometer samples averaged (after outlier rejection) per measurement.',
    }),
    remeasureWaitMs: durationMs('Wait before measuring a high or low reading again.'),
    maxRemeasures: Type.Integer({
      minimum: 0,
      maximum: 5,
      description: 'Re-measures before a high reading is a fever and a low one a bad reading.',
    }),
  },
  { additionalProperties: false, description: 'Site-wide settings; exactly one row.' },
)

export type PolicySite = Static<typeof PolicySite>
