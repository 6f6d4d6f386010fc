import type { TemperatureSample } from '../../domain/temperature-screening.js'
import type { TemperatureSource } from '../../ports/temperature-source.js'
import type { ThermometerDriver, TimedReading } from './thermometer-driver.js'

/** A forehead in front of the sensor reads at least this much above the air (a wall does not). */
const PRESENCE_DELTA_CELSIUS = 3
const PRESENCE_MIN_CELSIUS = 28

export function isPersonInFront(reading: TimedReading): boolean {
  return reading.objectCelsius >= PRESENCE_MIN_CELSIUS && reading.objectCelsius - reading.ambientCelsius >= PRESENCE_DELTA_CELSIUS
}

/** The kiosk's view of a GY-MCU90614 driver. */
export class ThermometerTemperatureSource implements TemperatureSource {
  readonly #driver: ThermometerDriver

  constructor(driver: ThermometerDriver) {
    this.#driver = driver
  }

  collect(count: number): { samples: Promise<TemperatureSample[] | null>; stop(): void } {
    let finish: (samples: TemperatureSample[] | null) => void = () => {}
    const collected: TemperatureSample[] = []
    const onReading = (reading: TimedReading) => {
      collected.push({ objectCelsius: reading.objectCelsius, ambientCelsius: reading.ambientCelsius })
      if (collected.length >= count) finish(collected)
    }
    const samples = new Promise<TemperatureSample[] | null>((resolve) => {
      finish = (result) => {
        this.#driver.off('reading', onReading)
        resolve(result)
      }
    })
    this.#driver.on('reading', onReading)
    return { samples, stop: () => finish(null) }
  }

  onPersonDetected(listener: () => void): () => void {
    let wasPresent = false
    const onReading = (reading: TimedReading) => {
      const isPresent = isPersonInFront(reading)
      if (isPresent && !wasPresent) listener()
      wasPresent = isPresent
    }
    this.#driver.on('reading', onReading)
    return () => this.#driver.off('reading', onReading)
  }
}
