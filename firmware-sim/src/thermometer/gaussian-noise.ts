/**
 * One normally distributed sample with mean 0 and deviation `sigma`, from two draws of a
 * uniform [0, 1) source (Box–Muller), so a seeded source gives repeatable noise.
 */
export function gaussianNoise(random: () => number, sigma: number): number {
  if (sigma === 0) return 0
  const u1 = 1 - random()
  const u2 = random()
  return sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}
