/**
 * Behaviour table for the simulated thermometer: what it reads in each situation at a gate.
 * Field reports (feature anchors P13): a cold forehead in winter reads low (33–34 °C), sunlight
 * on the forehead or the sensor reads high; with no one in front the sensor sees the background,
 * which sits near ambient.
 */
export type ThermometerScenarioName = 'normal' | 'winter-cold-forehead' | 'sunlight' | 'no-one'

export interface ThermometerScenario {
  /** Forehead temperature of the person in front, or null when no one is there. */
  readonly subjectCelsius: number | null
  readonly ambientCelsius: number
  /** Added to the subject's temperature: what the situation does to the reading. */
  readonly foreheadOffsetCelsius: number
}

export const THERMOMETER_SCENARIOS: Readonly<Record<ThermometerScenarioName, ThermometerScenario>> = {
  normal: { subjectCelsius: 36.5, ambientCelsius: 22, foreheadOffsetCelsius: 0 },
  'winter-cold-forehead': { subjectCelsius: 36.5, ambientCelsius: 0, foreheadOffsetCelsius: -1.5 },
  sunlight: { subjectCelsius: 36.5, ambientCelsius: 35, foreheadOffsetCelsius: 1.5 },
  'no-one': { subjectCelsius: null, ambientCelsius: 22, foreheadOffsetCelsius: 0 },
}
