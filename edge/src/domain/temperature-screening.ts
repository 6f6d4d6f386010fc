/**
 * Temperature screening as a policy step (ARCHITECTURE.md story 1). Pure: the kiosk flow feeds it
 * samples and acts on its verdicts.
 *
 * A measurement is `samplesPerMeasurement` thermometer samples. The object temperatures are
 * averaged after outlier rejection (robust-mean.ts), then compensated:
 *
 *   celsius = mean + calibrationOffset + min(maxAmbientCompensation, ambientCoefficient × max(0, ambientReference − ambient))
 *
 * with `ambient` the median of the samples' ambient readings. Only a cold ambient is compensated:
 * a forehead in winter reads low (33–34 °C) and the relation is roughly linear over 14–32 °C
 * (Chen et al., IJERPH); a high reading from sunlight is not corrected but measured again.
 *
 * At or above `feverThresholdCelsius` is high, below `lowReadingCelsius` implausibly low; either
 * asks for a re-measure after `remeasureWaitMs`, up to `maxRemeasures` times, and only the last
 * one concludes FEVER or BAD_READING. A normal re-measure is normal. Lanes then enforce:
 * "hard" decides at once (a fever is denied), "soft" alerts staff and waits for their decision.
 * A staff contact-thermometer reading confirms or clears it, and is logged with the staff member.
 */
import { CONTACT_CELSIUS_RANGE } from '../../../protocol/mqtt/messages/command.js'
import type { TemperatureEnforcement } from '../../../protocol/policy/policy-door.js'
import { median, robustMean } from './robust-mean.js'
import type { ScreeningSettings } from './screening-settings.js'
import type { StaffMember, TemperatureResult } from './temperature-result.js'

export interface TemperatureSample {
  readonly objectCelsius: number
  readonly ambientCelsius: number
}

export type RemeasureCause = 'high' | 'low' | 'too-few-samples'

/** `attempt`: 0 for the first measurement, n for the n-th re-measure. */
export type MeasurementVerdict =
  | { readonly kind: 'normal' | 'fever'; readonly celsius: number; readonly attempt: number }
  | { readonly kind: 'bad-reading'; readonly celsius: number | null; readonly attempt: number }
  | {
      readonly kind: 'remeasure'
      readonly celsius: number | null
      readonly attempt: number
      readonly cause: RemeasureCause
      readonly waitMs: number
    }

export type FinalVerdict = Exclude<MeasurementVerdict, { kind: 'remeasure' }>

export type ScreeningDisposition =
  | { readonly kind: 'decide'; readonly temperature: TemperatureResult }
  | { readonly kind: 'await-staff'; readonly suspicion: 'fever' | 'bad-reading'; readonly celsius: number | null }

export interface StaffTemperatureCheck {
  readonly staff: StaffMember
  readonly celsius: number
  readonly outcome: 'confirmed' | 'cleared'
  /** What the kiosk had measured, for the record. */
  readonly kioskCelsius: number | null
}

export type StaffCheckResult =
  | { readonly ok: true; readonly check: StaffTemperatureCheck; readonly temperature: TemperatureResult }
  | { readonly ok: false; readonly code: 'IMPLAUSIBLE_READING'; readonly message: string }

export function compensatedCelsius(objectCelsius: number, ambientCelsius: number, settings: ScreeningSettings): number {
  const shortfall = Math.max(0, settings.ambientReferenceCelsius - ambientCelsius)
  const compensation = Math.min(settings.maxAmbientCompensationCelsius, settings.ambientCoefficient * shortfall)
  return objectCelsius + settings.calibrationOffsetCelsius + compensation
}

/** The compensated temperature of one measurement, or null when too few samples survive. */
export function measuredCelsius(samples: readonly TemperatureSample[], settings: ScreeningSettings): number | null {
  const object = robustMean(
    samples.map((sample) => sample.objectCelsius),
    settings.outlierMadFactor,
    settings.minOutlierToleranceCelsius,
  )
  const needed = Math.max(1, Math.ceil(settings.samplesPerMeasurement * settings.minKeptFraction))
  const ambients = samples.map((sample) => sample.ambientCelsius).filter((value) => Number.isFinite(value))
  if (object === null || object.kept < needed || ambients.length === 0) return null
  return Math.round(compensatedCelsius(object.mean, median(ambients), settings) * 100) / 100
}

export function assessMeasurement(
  samples: readonly TemperatureSample[],
  attempt: number,
  settings: ScreeningSettings,
): MeasurementVerdict {
  const celsius = measuredCelsius(samples, settings)
  const canRemeasure = attempt < settings.maxRemeasures
  const remeasure = (cause: RemeasureCause): MeasurementVerdict => ({
    kind: 'remeasure',
    celsius,
    attempt,
    cause,
    waitMs: settings.remeasureWaitMs,
  })
  if (celsius === null) return canRemeasure ? remeasure('too-few-samples') : { kind: 'bad-reading', celsius, attempt }
  if (celsius >= settings.feverThresholdCelsius) return canRemeasure ? remeasure('high') : { kind: 'fever', celsius, attempt }
  if (celsius < settings.lowReadingCelsius) return canRemeasure ? remeasure('low') : { kind: 'bad-reading', celsius, attempt }
  return { kind: 'normal', celsius, attempt }
}

export function temperatureResultOf(verdict: FinalVerdict): TemperatureResult {
  const isRemeasured = verdict.attempt > 0
  if (verdict.kind === 'bad-reading') return { status: 'bad-reading', celsius: verdict.celsius, isRemeasured }
  return { status: verdict.kind, celsius: verdict.celsius, isRemeasured, checkedBy: null }
}

/** What a lane does with a concluded measurement: "hard" decides, "soft" asks staff first. */
export function screeningDisposition(verdict: FinalVerdict, enforcement: TemperatureEnforcement): ScreeningDisposition {
  if (verdict.kind === 'normal' || enforcement === 'hard') return { kind: 'decide', temperature: temperatureResultOf(verdict) }
  return { kind: 'await-staff', suspicion: verdict.kind, celsius: verdict.celsius }
}

/**
 * A staff member's contact-thermometer reading decides: at or above the threshold confirms a
 * fever, below clears it. No calibration offset: a contact thermometer measures directly.
 */
export function applyStaffCheck(
  celsius: number,
  staff: StaffMember,
  kioskCelsius: number | null,
  settings: ScreeningSettings,
): StaffCheckResult {
  const { min, max } = CONTACT_CELSIUS_RANGE
  if (!Number.isFinite(celsius) || celsius < min || celsius > max) {
    return { ok: false, code: 'IMPLAUSIBLE_READING', message: `a contact reading must be ${min}–${max} °C` }
  }
  const outcome = celsius >= settings.feverThresholdCelsius ? 'confirmed' : 'cleared'
  const temperature: TemperatureResult = {
    status: outcome === 'confirmed' ? 'fever' : 'normal',
    celsius,
    isRemeasured: true,
    checkedBy: staff,
  }
  return { ok: true, check: { staff, celsius, outcome, kioskCelsius }, temperature }
}
