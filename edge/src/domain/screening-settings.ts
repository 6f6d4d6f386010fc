import type { PolicySite } from '../../../protocol/policy/policy-site.js'

/** How a lane screens temperatures; the site row carries most of it (protocol/policy/policy-site.ts). */
export interface ScreeningSettings {
  readonly feverThresholdCelsius: number
  readonly lowReadingCelsius: number
  readonly calibrationOffsetCelsius: number
  readonly ambientReferenceCelsius: number
  readonly ambientCoefficient: number
  readonly maxAmbientCompensationCelsius: number
  readonly samplesPerMeasurement: number
  /** A measurement needs at least this share of its samples left after outlier rejection. */
  readonly minKeptFraction: number
  /** Hampel's rule: reject samples further than this many scaled MADs from the median. */
  readonly outlierMadFactor: number
  /** The sensor resolution is 0.01 °C; identical runs must not reject a 0.1 °C neighbour. */
  readonly minOutlierToleranceCelsius: number
  readonly remeasureWaitMs: number
  readonly maxRemeasures: number
}

/** 37.3 °C is the threshold Chinese checkpoints used in 2020 (feature-anchors.md [c6]). */
export const DEFAULT_SCREENING_SETTINGS: ScreeningSettings = {
  feverThresholdCelsius: 37.3,
  lowReadingCelsius: 34,
  calibrationOffsetCelsius: 0,
  ambientReferenceCelsius: 25,
  ambientCoefficient: 0,
  maxAmbientCompensationCelsius: 1.5,
  samplesPerMeasurement: 5,
  minKeptFraction: 0.5,
  outlierMadFactor: 3,
  minOutlierToleranceCelsius: 0.2,
  remeasureWaitMs: 10_000,
  maxRemeasures: 2,
}

/** The site's settings over the defaults; the defaults alone before any policy exists. */
export function screeningSettingsFromSite(site: PolicySite | null): ScreeningSettings {
  if (site === null) return DEFAULT_SCREENING_SETTINGS
  return {
    ...DEFAULT_SCREENING_SETTINGS,
    feverThresholdCelsius: site.feverThresholdCelsius,
    lowReadingCelsius: site.lowReadingCelsius,
    calibrationOffsetCelsius: site.calibrationOffsetCelsius,
    ambientReferenceCelsius: site.ambientReferenceCelsius,
    ambientCoefficient: site.ambientCoefficient,
    maxAmbientCompensationCelsius: site.maxAmbientCompensationCelsius,
    samplesPerMeasurement: site.samplesPerMeasurement,
    remeasureWaitMs: site.remeasureWaitMs,
    maxRemeasures: site.maxRemeasures,
  }
}
