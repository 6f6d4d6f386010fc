import { performance } from 'node:perf_hooks'

/**
 * Runs `step` (which handles `itemsPerStep` items) repeatedly for at least `durationMs` after a
 * short warm-up, and returns items per second. Several rounds; the median is reported so one
 * garbage collection does not decide the figure.
 */
export function measureRate(step: () => void, itemsPerStep: number, durationMs: number): number {
  const warmUpUntil = performance.now() + Math.min(200, durationMs / 4)
  while (performance.now() < warmUpUntil) step()
  const rounds: number[] = []
  for (let round = 0; round < 5; round++) {
    let steps = 0
    const start = performance.now()
    const until = start + durationMs / 5
    while (performance.now() < until) {
      step()
      steps++
    }
    rounds.push((steps * itemsPerStep) / ((performance.now() - start) / 1000))
  }
  rounds.sort((a, b) => a - b)
  return rounds[2]!
}
