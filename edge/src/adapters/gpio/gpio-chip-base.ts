import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Labels of the chip that drives a Raspberry Pi's 40-pin header: Pi 4 (bcm2711), Pi 0–3
 * (bcm2835), Pi 5 (rp1). Since kernel 6.6 (Bookworm) sysfs numbers start at the chip's base,
 * e.g. 512 on a Pi 4 and 571 on a Pi 5 (fivdi/onoff#200, raspberrypi/linux#6084).
 */
export const PI_HEADER_CHIP_LABELS: readonly string[] = ['pinctrl-bcm2711', 'pinctrl-bcm2835', 'pinctrl-rp1']

export const DEFAULT_GPIO_CLASS_DIR = '/sys/class/gpio'

export interface GpioChipBase {
  /** The sysfs chip folder, e.g. `gpiochip512`. */
  readonly chip: string
  readonly label: string
  /** sysfs number of the chip's line 0: header line N is sysfs number base + N. */
  readonly base: number
  /** Number of lines on the chip. */
  readonly lineCount: number
  /** Where the chip was found, so adapters write to the same sysfs tree. */
  readonly gpioClassDir: string
}

export interface FindGpioChipBaseOptions {
  /** `/sys/class/gpio` on a Pi; tests pass a temporary folder with fake gpiochip folders. */
  readonly gpioClassDir?: string
  /** Exact labels to accept, in order of preference. */
  readonly labels?: readonly string[]
}

/** Thrown when the header's chip cannot be identified; `found` lists every chip seen. */
export class GpioChipNotFoundError extends Error {
  readonly code: 'GPIO_CHIP_NOT_FOUND' | 'GPIO_CHIP_AMBIGUOUS' | 'GPIO_SYSFS_UNAVAILABLE'
  readonly found: readonly string[]

  constructor(code: GpioChipNotFoundError['code'], message: string, found: readonly string[]) {
    super(message)
    this.name = 'GpioChipNotFoundError'
    this.code = code
    this.found = found
  }
}

interface ChipInfo {
  readonly chip: string
  readonly label: string | undefined
  readonly base: number | undefined
  readonly lineCount: number | undefined
}

/**
 * Finds the sysfs GPIO base of the header's chip at run time, never hard-coded: reads every
 * `gpiochip*` folder's `label`, `base` and `ngpio`. Several matching chips (with one label list)
 * is an error rather than a guess, because a wrong number would drive someone else's pin.
 */
export async function findGpioChipBase(options: FindGpioChipBaseOptions = {}): Promise<GpioChipBase> {
  const gpioClassDir = options.gpioClassDir ?? DEFAULT_GPIO_CLASS_DIR
  const labels = options.labels ?? PI_HEADER_CHIP_LABELS
  const chips = await readChips(gpioClassDir)
  const found = chips.map(describeChip)
  for (const label of labels) {
    const matches = chips.filter((chip) => chip.label === label)
    if (matches.length > 1) {
      const message = `${matches.length} GPIO chips in ${gpioClassDir} are labelled ${label}: ${found.join(', ')}`
      throw new GpioChipNotFoundError('GPIO_CHIP_AMBIGUOUS', message, found)
    }
    const match = matches[0]
    if (match === undefined) continue
    if (match.base === undefined || match.lineCount === undefined) {
      const message = `${match.chip} (${label}) in ${gpioClassDir} has no readable base or ngpio`
      throw new GpioChipNotFoundError('GPIO_CHIP_NOT_FOUND', message, found)
    }
    return { chip: match.chip, label, base: match.base, lineCount: match.lineCount, gpioClassDir }
  }
  const seen = found.length === 0 ? 'no gpiochip folders' : found.join(', ')
  const message = `no GPIO chip in ${gpioClassDir} is labelled ${labels.join(' or ')}; found ${seen}`
  throw new GpioChipNotFoundError('GPIO_CHIP_NOT_FOUND', message, found)
}

async function readChips(gpioClassDir: string): Promise<ChipInfo[]> {
  let names: string[]
  try {
    names = await readdir(gpioClassDir)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    const message = `cannot list ${gpioClassDir} (${reason}): is this a Pi with sysfs GPIO enabled?`
    throw new GpioChipNotFoundError('GPIO_SYSFS_UNAVAILABLE', message, [])
  }
  const chipNames = names.filter((name) => /^gpiochip\d+$/.test(name)).sort(byNumber)
  return Promise.all(
    chipNames.map(async (chip) => ({
      chip,
      label: await readText(join(gpioClassDir, chip, 'label')),
      base: parseCount(await readText(join(gpioClassDir, chip, 'base'))),
      lineCount: parseCount(await readText(join(gpioClassDir, chip, 'ngpio'))),
    })),
  )
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch {
    return undefined
  }
}

function parseCount(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined
}

function describeChip(chip: ChipInfo): string {
  return `${chip.chip} (label ${chip.label ?? '?'}, base ${chip.base ?? '?'}, ${chip.lineCount ?? '?'} lines)`
}

function byNumber(a: string, b: string): number {
  return Number(a.slice('gpiochip'.length)) - Number(b.slice('gpiochip'.length))
}
