import t, { type Test } from 'tap'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findGpioChipBase, GpioChipNotFoundError } from '../../../../edge/src/adapters/gpio/gpio-chip-base.js'

interface FakeChip {
  readonly name: string
  readonly label?: string
  readonly base?: string
  readonly ngpio?: string
}

/** A /sys/class/gpio look-alike: export/unexport files and gpiochip folders. */
function fakeSysfs(t: Test, chips: readonly FakeChip[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gpio-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'export'), '')
  writeFileSync(join(dir, 'unexport'), '')
  for (const chip of chips) {
    mkdirSync(join(dir, chip.name))
    if (chip.label !== undefined) writeFileSync(join(dir, chip.name, 'label'), `${chip.label}\n`)
    if (chip.base !== undefined) writeFileSync(join(dir, chip.name, 'base'), `${chip.base}\n`)
    if (chip.ngpio !== undefined) writeFileSync(join(dir, chip.name, 'ngpio'), `${chip.ngpio}\n`)
  }
  return dir
}

async function rejection(promise: Promise<unknown>): Promise<GpioChipNotFoundError> {
  try {
    await promise
  } catch (error) {
    return error as GpioChipNotFoundError
  }
  throw new Error('expected a rejection')
}

t.test('finds base 512 on a Pi 4 with Bookworm, ignoring the firmware expander chip', async (t) => {
  const dir = fakeSysfs(t, [
    { name: 'gpiochip512', label: 'pinctrl-bcm2711', base: '512', ngpio: '58' },
    { name: 'gpiochip570', label: 'raspberrypi-exp-gpio', base: '570', ngpio: '8' },
  ])
  t.same(await findGpioChipBase({ gpioClassDir: dir }), {
    chip: 'gpiochip512',
    label: 'pinctrl-bcm2711',
    base: 512,
    lineCount: 58,
    gpioClassDir: dir,
  })
})

t.test('finds base 571 on a Pi 5 among its other chips', async (t) => {
  const dir = fakeSysfs(t, [
    { name: 'gpiochip512', label: 'gpio-brcmstb@107d508500', base: '512', ngpio: '32' },
    { name: 'gpiochip544', label: 'gpio-brcmstb@107d508520', base: '544', ngpio: '4' },
    { name: 'gpiochip548', label: 'gpio-brcmstb@107d517c00', base: '548', ngpio: '17' },
    { name: 'gpiochip565', label: 'gpio-brcmstb@107d517c20', base: '565', ngpio: '6' },
    { name: 'gpiochip571', label: 'pinctrl-rp1', base: '571', ngpio: '54' },
  ])
  const chip = await findGpioChipBase({ gpioClassDir: dir })
  t.equal(chip.base, 571)
  t.equal(chip.label, 'pinctrl-rp1')
})

t.test('finds base 0 on an older kernel', async (t) => {
  const dir = fakeSysfs(t, [
    { name: 'gpiochip0', label: 'pinctrl-bcm2835', base: '0', ngpio: '54' },
    { name: 'gpiochip100', label: 'brcmvirt-gpio', base: '100', ngpio: '2' },
  ])
  t.equal((await findGpioChipBase({ gpioClassDir: dir })).base, 0)
})

t.test('lists every chip it saw when none is the header chip', async (t) => {
  const dir = fakeSysfs(t, [
    { name: 'gpiochip0', label: 'INT34C5:00', base: '0', ngpio: '360' },
    { name: 'gpiochip360', base: '360', ngpio: '8' },
  ])
  const error = await rejection(findGpioChipBase({ gpioClassDir: dir }))
  t.equal(error.code, 'GPIO_CHIP_NOT_FOUND')
  t.same(error.found, ['gpiochip0 (label INT34C5:00, base 0, 360 lines)', 'gpiochip360 (label ?, base 360, 8 lines)'])
  t.match(error.message, /pinctrl-bcm2711 or pinctrl-bcm2835 or pinctrl-rp1.*gpiochip0 \(label INT34C5:00/)
})

t.test('says so when there are no gpiochip folders at all', async (t) => {
  const error = await rejection(findGpioChipBase({ gpioClassDir: fakeSysfs(t, []) }))
  t.equal(error.code, 'GPIO_CHIP_NOT_FOUND')
  t.match(error.message, /found no gpiochip folders/)
})

t.test('reports a missing sysfs tree (not a Pi, or sysfs GPIO disabled)', async (t) => {
  const error = await rejection(findGpioChipBase({ gpioClassDir: join(tmpdir(), 'gatehouse-no-such-sysfs') }))
  t.equal(error.code, 'GPIO_SYSFS_UNAVAILABLE')
  t.match(error.message, /ENOENT/)
})

t.test('refuses to guess between two chips with the same label', async (t) => {
  const dir = fakeSysfs(t, [
    { name: 'gpiochip0', label: 'pinctrl-bcm2835', base: '0', ngpio: '54' },
    { name: 'gpiochip512', label: 'pinctrl-bcm2835', base: '512', ngpio: '54' },
  ])
  t.equal((await rejection(findGpioChipBase({ gpioClassDir: dir }))).code, 'GPIO_CHIP_AMBIGUOUS')
})

t.test('rejects a matching chip whose base cannot be read', async (t) => {
  const dir = fakeSysfs(t, [{ name: 'gpiochip512', label: 'pinctrl-bcm2711', base: 'x', ngpio: '58' }])
  t.equal((await rejection(findGpioChipBase({ gpioClassDir: dir }))).code, 'GPIO_CHIP_NOT_FOUND')
})

t.test('accepts configured labels, in order of preference', async (t) => {
  const dir = fakeSysfs(t, [
    { name: 'gpiochip0', label: 'pinctrl-bcm2835', base: '0', ngpio: '54' },
    { name: 'gpiochip400', label: 'tegra-gpio', base: '400', ngpio: '224' },
  ])
  t.equal((await findGpioChipBase({ gpioClassDir: dir, labels: ['tegra-gpio', 'pinctrl-bcm2835'] })).base, 400)
})
