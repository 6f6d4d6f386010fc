export interface RobustMean {
  readonly mean: number
  readonly kept: number
  readonly rejected: number
}

/** 1 / Φ⁻¹(3/4): scales the median absolute deviation to a standard deviation for normal noise. */
const MAD_TO_SIGMA = 1.4826

/**
 * The mean of the values after dropping outliers by the median absolute deviation (Hampel's
 * rule): a value further than `madFactor` scaled MADs from the median is rejected, and so is
 * anything not finite. `minTolerance` keeps a run of identical samples (MAD 0) from rejecting a
 * neighbour that differs only by sensor resolution. null when no value is left.
 */
export function robustMean(values: readonly number[], madFactor: number, minTolerance: number): RobustMean | null {
  const finite = values.filter((value) => Number.isFinite(value))
  if (finite.length === 0) return null
  const center = median(finite)
  const deviation = median(finite.map((value) => Math.abs(value - center)))
  const tolerance = Math.max(madFactor * MAD_TO_SIGMA * deviation, minTolerance)
  const kept = finite.filter((value) => Math.abs(value - center) <= tolerance)
  const mean = kept.reduce((sum, value) => sum + value, 0) / kept.length
  return { mean, kept: kept.length, rejected: values.length - kept.length }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
