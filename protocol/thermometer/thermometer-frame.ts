/**
 * The GY-MCU90614 output frame (reference §3): 9 bytes
 * `5A 5A 45 04 TOh TOl TAh TAl SUM`, SUM = low byte of the sum of bytes 0–7; object then ambient
 * temperature, each a big-endian signed int16 in 0.01 °C.
 */
export const THERMOMETER_FRAME_HEADER = 0x5a
export const THERMOMETER_FRAME_TYPE = 0x45
export const THERMOMETER_FRAME_DATA_LENGTH = 0x04
export const THERMOMETER_FRAME_LENGTH = 9

/**
 * MLX90614 measurement ranges. A signed int16 in 0.01 °C tops out at 327.67 °C, so on this wire
 * the object range ends there in practice (reference §3 gives 380 °C for the sensor itself).
 */
export const OBJECT_RANGE_CELSIUS = { min: -70, max: 380 } as const
export const AMBIENT_RANGE_CELSIUS = { min: -40, max: 125 } as const

export interface ThermometerReading {
  readonly objectCelsius: number
  readonly ambientCelsius: number
}

const CENTI_PER_DEGREE = 100
const INT16_MIN = -0x8000
const INT16_MAX = 0x7fff

/** Low byte of the sum of the first eight bytes of a frame. */
export function thermometerFrameSum(frame: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < THERMOMETER_FRAME_LENGTH - 1; i++) sum += frame[i] ?? 0
  return sum & 0xff
}

export function isThermometerReadingInRange(reading: ThermometerReading): boolean {
  return (
    isWithin(reading.objectCelsius, OBJECT_RANGE_CELSIUS) && isWithin(reading.ambientCelsius, AMBIENT_RANGE_CELSIUS)
  )
}

/**
 * Encodes one reading, rounded to 0.01 °C. Throws OUT_OF_RANGE (a caller bug, not line noise)
 * for a temperature outside the sensor's range or the int16 wire format.
 */
export function encodeThermometerFrame(reading: ThermometerReading): Buffer {
  const objectCenti = toCenti(reading.objectCelsius, OBJECT_RANGE_CELSIUS, 'object')
  const ambientCenti = toCenti(reading.ambientCelsius, AMBIENT_RANGE_CELSIUS, 'ambient')
  const frame = Buffer.alloc(THERMOMETER_FRAME_LENGTH)
  frame[0] = THERMOMETER_FRAME_HEADER
  frame[1] = THERMOMETER_FRAME_HEADER
  frame[2] = THERMOMETER_FRAME_TYPE
  frame[3] = THERMOMETER_FRAME_DATA_LENGTH
  frame.writeInt16BE(objectCenti, 4)
  frame.writeInt16BE(ambientCenti, 6)
  frame[8] = thermometerFrameSum(frame)
  return frame
}

/** Reads the two temperatures of a complete frame whose header and sum were already checked. */
export function readThermometerFrame(frame: Buffer): ThermometerReading {
  return {
    objectCelsius: frame.readInt16BE(4) / CENTI_PER_DEGREE,
    ambientCelsius: frame.readInt16BE(6) / CENTI_PER_DEGREE,
  }
}

function toCenti(celsius: number, range: { min: number; max: number }, what: string): number {
  const centi = Math.round(celsius * CENTI_PER_DEGREE)
  if (!Number.isFinite(centi) || !isWithin(centi / CENTI_PER_DEGREE, range) || centi < INT16_MIN || centi > INT16_MAX) {
    const message = `${what} temperature ${celsius} °C is outside ${range.min}…${range.max} °C or the int16 range`
    throw Object.assign(new RangeError(message), { code: 'OUT_OF_RANGE' })
  }
  return centi
}

function isWithin(celsius: number, range: { min: number; max: number }): boolean {
  return celsius >= range.min && celsius <= range.max
}
