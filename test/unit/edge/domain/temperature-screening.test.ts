import t from 'tap'
import { robustMean } from '../../../../edge/src/domain/robust-mean.js'
import { DEFAULT_SCREENING_SETTINGS, screeningSettingsFromSite, type ScreeningSettings } from '../../../../edge/src/domain/screening-settings.js'
import {
  applyStaffCheck,
  assessMeasurement,
  compensatedCelsius,
  measuredCelsius,
  screeningDisposition,
  temperatureResultOf,
  type TemperatureSample,
} from '../../../../edge/src/domain/temperature-screening.js'
import { makeSite } from '../../../fakes/policy-rows.js'

const settings: ScreeningSettings = { ...DEFAULT_SCREENING_SETTINGS, samplesPerMeasurement: 5, maxRemeasures: 2, remeasureWaitMs: 8_000 }
const samples = (objects: number[], ambientCelsius = 24): TemperatureSample[] => objects.map((objectCelsius) => ({ objectCelsius, ambientCelsius }))
const WANG = { id: 's-0007', name: '王阿姨' }

t.test('rejects an outlier sample (hair or background in the field of view) before averaging', async (t) => {
  const mean = robustMean([36.5, 36.6, 36.4, 28.1, 36.5], 3, 0.2)
  t.same(mean, { mean: 36.5, kept: 4, rejected: 1 })
  t.equal(measuredCelsius(samples([36.5, 36.6, 36.4, 28.1, 36.5]), settings), 36.5)
})

t.test('keeps a neighbour within sensor resolution of a run of identical samples (MAD 0)', async (t) => {
  t.same(robustMean([36.5, 36.5, 36.5, 36.6], 3, 0.2)?.kept, 4)
  t.same(robustMean([36.5, 36.5, 36.5, 37.5], 3, 0.2)?.kept, 3)
})

t.test('drops samples that are not numbers; none left is no mean', async (t) => {
  t.same(robustMean([Number.NaN, 36.5, Infinity], 3, 0.2), { mean: 36.5, kept: 1, rejected: 2 })
  t.equal(robustMean([], 3, 0.2), null)
  t.equal(robustMean([Number.NaN], 3, 0.2), null)
})

t.test('applies the calibration offset and a capped compensation for cold ambient only', async (t) => {
  const site = { ...settings, calibrationOffsetCelsius: 0.8, ambientCoefficient: 0.1, maxAmbientCompensationCelsius: 1.5 }
  t.equal(compensatedCelsius(36, 25, site), 36.8, 'reference ambient: offset only')
  t.equal(compensatedCelsius(36, 35, site), 36.8, 'warm ambient (sunlight) is not corrected downwards')
  t.equal(Math.round(compensatedCelsius(36, 15, site) * 100) / 100, 37.8, '10 °C colder: +1.0')
  t.equal(compensatedCelsius(36, -10, site), 38.3, 'compensation capped at 1.5')
})

t.test('a cold forehead in winter reads normal after ambient compensation', async (t) => {
  const winter = { ...settings, ambientCoefficient: 0.1 }
  t.same(assessMeasurement(samples([33.6, 33.7, 33.6, 33.5, 33.6], 5), 0, settings).kind, 'remeasure', 'uncompensated: implausibly low')
  t.same(assessMeasurement(samples([33.6, 33.7, 33.6, 33.5, 33.6], 5), 0, winter), { kind: 'normal', celsius: 35.1, attempt: 0 })
})

t.test('a normal first measurement is normal', async (t) => {
  t.same(assessMeasurement(samples([36.5, 36.6, 36.5, 36.4, 36.5]), 0, settings), { kind: 'normal', celsius: 36.5, attempt: 0 })
})

t.test('a high reading asks for a re-measure after the wait, up to N times, then concludes FEVER', async (t) => {
  const high = samples([37.9, 38, 38.1, 38, 38])
  t.same(assessMeasurement(high, 0, settings), { kind: 'remeasure', celsius: 38, attempt: 0, cause: 'high', waitMs: 8_000 })
  t.same(assessMeasurement(high, 1, settings).kind, 'remeasure')
  t.same(assessMeasurement(high, 2, settings), { kind: 'fever', celsius: 38, attempt: 2 })
  t.same(assessMeasurement(high, 0, { ...settings, maxRemeasures: 0 }).kind, 'fever', 'no re-measures configured: the first reading decides')
})

t.test('the threshold itself is a fever (37.3 °C or above)', async (t) => {
  t.same(assessMeasurement(samples([37.3, 37.3, 37.3, 37.3, 37.3]), 2, settings).kind, 'fever')
  t.same(assessMeasurement(samples([37.29, 37.29, 37.29, 37.29, 37.29]), 2, settings).kind, 'normal')
  t.same(assessMeasurement(samples([37.29, 37.29, 37.29]), 2, { ...settings, feverThresholdCelsius: 37.2 }).kind, 'fever', 'per site')
})

t.test('a re-measure that reads normal clears a high first reading (sunlight)', async (t) => {
  const verdict = assessMeasurement(samples([36.7, 36.8, 36.7, 36.7, 36.6]), 1, settings)
  t.same(verdict, { kind: 'normal', celsius: 36.7, attempt: 1 })
  if (verdict.kind !== 'normal') return
  t.same(temperatureResultOf(verdict), { status: 'normal', celsius: 36.7, isRemeasured: true, checkedBy: null })
})

t.test('an implausibly low reading is re-measured, then a BAD_READING', async (t) => {
  const low = samples([31, 31.2, 31.1, 31, 31.1])
  t.same(assessMeasurement(low, 0, settings), { kind: 'remeasure', celsius: 31.08, attempt: 0, cause: 'low', waitMs: 8_000 })
  t.same(assessMeasurement(low, 2, settings), { kind: 'bad-reading', celsius: 31.08, attempt: 2 })
  t.same(assessMeasurement(low, 2, { ...settings, lowReadingCelsius: 30 }).kind, 'normal', 'the low limit is configurable')
})

t.test('too few usable samples is re-measured, then a BAD_READING without a temperature', async (t) => {
  const sparse = samples([36.5, Number.NaN, Number.NaN, Number.NaN, Number.NaN])
  t.same(assessMeasurement(sparse, 0, settings), { kind: 'remeasure', celsius: null, attempt: 0, cause: 'too-few-samples', waitMs: 8_000 })
  t.same(assessMeasurement([], 2, settings), { kind: 'bad-reading', celsius: null, attempt: 2 })
  t.same(assessMeasurement(sparse.map((s) => ({ ...s, objectCelsius: 36.5, ambientCelsius: Number.NaN })), 0, settings).kind, 'remeasure', 'no ambient: cannot compensate')
})

t.test('hard lanes decide at once; soft lanes wait for staff on a fever or a bad reading', async (t) => {
  const fever = { kind: 'fever', celsius: 38, attempt: 2 } as const
  const bad = { kind: 'bad-reading', celsius: null, attempt: 2 } as const
  const normal = { kind: 'normal', celsius: 36.5, attempt: 0 } as const
  t.same(screeningDisposition(fever, 'hard'), { kind: 'decide', temperature: { status: 'fever', celsius: 38, isRemeasured: true, checkedBy: null } })
  t.same(screeningDisposition(bad, 'hard'), { kind: 'decide', temperature: { status: 'bad-reading', celsius: null, isRemeasured: true } })
  t.same(screeningDisposition(fever, 'soft'), { kind: 'await-staff', suspicion: 'fever', celsius: 38 })
  t.same(screeningDisposition(bad, 'soft'), { kind: 'await-staff', suspicion: 'bad-reading', celsius: null })
  t.same(screeningDisposition(normal, 'soft').kind, 'decide')
})

t.test("a staff contact reading confirms a fever, naming the staff member", async (t) => {
  t.same(applyStaffCheck(37.8, WANG, 38, settings), {
    ok: true,
    check: { staff: WANG, celsius: 37.8, outcome: 'confirmed', kioskCelsius: 38 },
    temperature: { status: 'fever', celsius: 37.8, isRemeasured: true, checkedBy: WANG },
  })
})

t.test('a staff contact reading clears a fever, naming the staff member', async (t) => {
  t.same(applyStaffCheck(36.6, WANG, 38, settings), {
    ok: true,
    check: { staff: WANG, celsius: 36.6, outcome: 'cleared', kioskCelsius: 38 },
    temperature: { status: 'normal', celsius: 36.6, isRemeasured: true, checkedBy: WANG },
  })
})

t.test('refuses an implausible staff reading instead of clearing anyone', async (t) => {
  for (const celsius of [25, 46, Number.NaN]) t.same(applyStaffCheck(celsius, WANG, 38, settings).ok, false, String(celsius))
})

t.test('screening settings come from the site row, with defaults before any policy', async (t) => {
  t.same(screeningSettingsFromSite(null), DEFAULT_SCREENING_SETTINGS)
  t.equal(DEFAULT_SCREENING_SETTINGS.feverThresholdCelsius, 37.3)
  const fromSite = screeningSettingsFromSite(makeSite({ feverThresholdCelsius: 37.5, calibrationOffsetCelsius: 1.2, maxRemeasures: 3 }))
  t.same([fromSite.feverThresholdCelsius, fromSite.calibrationOffsetCelsius, fromSite.maxRemeasures], [37.5, 1.2, 3])
})
