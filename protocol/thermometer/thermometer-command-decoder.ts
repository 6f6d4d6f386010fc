import { decodeError, type DecodeError, type DecodeResult, type StreamDecoder } from '../decode-result.js'
import { toHex } from '../hex.js'
import {
  THERMOMETER_COMMAND_HEADER,
  THERMOMETER_COMMAND_LENGTH,
  thermometerCommandName,
  thermometerCommandSum,
  type ThermometerCommandName,
} from './thermometer-command.js'

export interface ThermometerCommandDecoderOptions {
  /** A partial command older than this on a silent line is discarded. */
  readonly interByteTimeoutMs?: number
}

/**
 * Reads the commands a host writes to the thermometer (the simulator's side of the line).
 * Resyncs by sliding one byte on a bad sum; a well-formed command (good sum) with a byte the
 * module does not know is dropped whole as UNKNOWN_COMMAND. Holds at most two bytes. A partial
 * command is PARTIAL_TIMEOUT once `interByteTimeoutMs` passed since its last byte: on expire(), or
 * before the next chunk is decoded.
 */
export class ThermometerCommandDecoder implements StreamDecoder<ThermometerCommandName> {
  readonly #interByteTimeoutMs: number
  #buffer: Buffer = Buffer.alloc(0)
  #lastByteAtMs = 0

  constructor(options: ThermometerCommandDecoderOptions = {}) {
    this.#interByteTimeoutMs = options.interByteTimeoutMs ?? 50
  }

  get bufferedBytes(): number {
    return this.#buffer.length
  }

  push(chunk: Uint8Array, nowMs: number): DecodeResult<ThermometerCommandName> {
    const errors = this.#expireStale(nowMs)
    const frames: ThermometerCommandName[] = []
    if (chunk.length === 0) return { frames, errors }
    const buf = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk])
    this.#lastByteAtMs = nowMs
    const consumed = scanCommands(buf, frames, errors)
    this.#buffer = Buffer.from(buf.subarray(consumed))
    return { frames, errors }
  }

  expire(nowMs: number): DecodeResult<ThermometerCommandName> {
    return { frames: [], errors: this.#expireStale(nowMs) }
  }

  #expireStale(nowMs: number): DecodeError[] {
    if (this.#buffer.length === 0 || nowMs - this.#lastByteAtMs < this.#interByteTimeoutMs) return []
    const stale = this.#buffer
    this.#buffer = Buffer.alloc(0)
    return [decodeError('PARTIAL_TIMEOUT', `partial command of ${stale.length} bytes timed out`, stale)]
  }
}

/** Decodes every complete command in `buf`; returns how many bytes were consumed. */
function scanCommands(buf: Buffer, frames: ThermometerCommandName[], errors: DecodeError[]): number {
  let pos = 0
  let garbageStart = -1
  const flushGarbage = (): void => {
    if (garbageStart < 0) return
    const bytes = buf.subarray(garbageStart, pos)
    errors.push(decodeError('GARBAGE', `${bytes.length} bytes outside any command`, bytes))
    garbageStart = -1
  }
  while (pos < buf.length) {
    if (buf[pos] !== THERMOMETER_COMMAND_HEADER) {
      if (garbageStart < 0) garbageStart = pos
      pos++
      continue
    }
    flushGarbage()
    if (pos + THERMOMETER_COMMAND_LENGTH > buf.length) break
    const commandByte = buf[pos + 1]!
    const candidate = buf.subarray(pos, pos + THERMOMETER_COMMAND_LENGTH)
    if (buf[pos + 2] !== thermometerCommandSum(commandByte)) {
      errors.push(decodeError('BAD_CHECKSUM', `bad sum in command ${toHex(candidate)}`, buf.subarray(pos, pos + 1)))
      pos++
      continue
    }
    const name = thermometerCommandName(commandByte)
    if (name === undefined) {
      errors.push(decodeError('UNKNOWN_COMMAND', `unknown command ${toHex(candidate)}`, candidate))
    } else {
      frames.push(name)
    }
    pos += THERMOMETER_COMMAND_LENGTH
  }
  flushGarbage()
  return pos
}
