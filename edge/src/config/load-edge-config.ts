import { EdgeConfig } from './edge-config.js'
import { validateAgainstSchema, type SchemaCheck } from './validate-against-schema.js'

/**
 * Parses and checks an edge config file: the schema first (types, ranges, defaults), then what a
 * schema cannot say — every name a door refers to exists, nothing is used twice. Every
 * violation is listed at once.
 */
export function loadEdgeConfig(fileText: string): SchemaCheck<EdgeConfig> {
  let parsed: unknown
  try {
    parsed = JSON.parse(fileText)
  } catch (error) {
    return { ok: false, violations: [`not JSON: ${(error as Error).message}`] }
  }
  const checked = validateAgainstSchema(EdgeConfig, parsed)
  if (!checked.ok) return checked
  const violations = crossReferenceViolations(checked.value)
  return violations.length > 0 ? { ok: false, violations } : checked
}

function crossReferenceViolations(config: EdgeConfig): string[] {
  const violations: string[] = []
  const osdpReaders = config.osdpBuses.flatMap((bus) => bus.readers.map((reader) => reader.name))
  const readers = [...osdpReaders, ...config.wiegandReaders.map((reader) => reader.id)]
  const scanners = config.qrScanners.map((scanner) => scanner.id)
  const thermometers = config.thermometers.map((thermometer) => thermometer.id)
  const duplicates = (names: string[], what: string) =>
    [...new Set(names.filter((name, index) => names.indexOf(name) !== index))].map((name) => `${what} "${name}" is defined twice`)
  violations.push(...duplicates(readers, 'reader'), ...duplicates(config.doors.map((door) => door.id), 'door'))
  for (const bus of config.osdpBuses) {
    violations.push(...duplicates(bus.readers.map((reader) => String(reader.address)), `bus ${bus.id}: address`))
  }
  config.doors.forEach((door, index) => {
    const at = `/doors/${index}`
    for (const [field, pin] of [['lock', door.lock], ['contact', door.contact], ['exitButton', door.exitButton]] as const) {
      if (pin?.kind === 'osdp' && !osdpReaders.includes(pin.reader)) violations.push(`${at}/${field}: unknown OSDP reader "${pin.reader}"`)
    }
    door.entries.forEach((entry, entryIndex) => {
      if (!readers.includes(entry.reader) && !scanners.includes(entry.reader)) {
        violations.push(`${at}/entries/${entryIndex}: unknown reader "${entry.reader}"`)
      }
    })
    if (door.thermometer !== null && !thermometers.includes(door.thermometer)) {
      violations.push(`${at}/thermometer: unknown thermometer "${door.thermometer}"`)
    }
    if (door.qrScanner !== null && !scanners.includes(door.qrScanner)) violations.push(`${at}/qrScanner: unknown scanner "${door.qrScanner}"`)
  })
  violations.push(...gpioLineViolations(config))
  if (config.metrics.enabled && config.metrics.bearerTokenSha256 === undefined) {
    violations.push('/metrics/bearerTokenSha256: required when metrics are enabled (docs/metrics.md)')
  }
  if (config.wiegandReaders.length > 0 && config.gpio.backend === 'simulated') {
    violations.push('/wiegandReaders: Wiegand readers need the real GPIO (gpio.backend "sysfs"); the simulated door board has none')
  }
  return violations
}

/** A GPIO line does one thing: a lock, a contact, an exit button or one Wiegand data line. */
function gpioLineViolations(config: EdgeConfig): string[] {
  const users = new Map<number, string[]>()
  const use = (line: number, what: string) => users.set(line, [...(users.get(line) ?? []), what])
  config.doors.forEach((door, index) => {
    for (const [field, pin] of [['lock', door.lock], ['contact', door.contact], ['exitButton', door.exitButton]] as const) {
      if (pin?.kind === 'gpio') use(pin.line, `/doors/${index}/${field}`)
    }
  })
  config.wiegandReaders.forEach((reader, index) => {
    use(reader.d0Line, `/wiegandReaders/${index}/d0Line`)
    use(reader.d1Line, `/wiegandReaders/${index}/d1Line`)
  })
  return [...users].filter(([, what]) => what.length > 1).map(([line, what]) => `GPIO line ${line} is used twice: ${what.join(', ')}`)
}
