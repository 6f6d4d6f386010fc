import { decodeError, type DecodeError, type DecodeResult, type StreamDecoder } from '../decode-result.js'
import { GarbageRun } from '../garbage-run.js'
import { toHex } from '../hex.js'
import { PendingBytes } from '../pending-bytes.js'
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
  readonly #pending: PendingBytes

  constructor(options: ThermometerCommandDecoderOptions = {}) {
    this.#pending = new PendingBytes(options.interByteTimeoutMs ?? 50, 'command')
  }

  get bufferedBytes(): number {
    return this.#pending.length
  }

  push(chunk: Uint8Array, nowMs: number): DecodeResult<ThermometerCommandName> {
    const errors = this.#pending.expireStale(nowMs)
    const frames: ThermometerCommandName[] = []
    if (chunk.length === 0) return { frames, errors }
    const bytes = this.#pending.append(chunk, nowMs)
    this.#pending.keep(bytes, scanCommands(bytes, frames, errors))
    return { frames, errors }
  }

  expire(nowMs: number): DecodeResult<ThermometerCommandName> {
    return { frames: [], errors: this.#pending.expireStale(nowMs) }
  }
}

/** Decodes every complete command in `buf`; returns how many bytes were consumed. */
function scanCommands(buf: Buffer, frames: ThermometerCommandName[], errors: DecodeError[]): number {
  let pos = 0
  const garbage = new GarbageRun(buf, 'command', errors)
  while (pos < buf.length) {
    if (buf[pos] !== THERMOMETER_COMMAND_HEADER) {
      garbage.add(pos)
      pos++
      continue
    }
    garbage.flush(pos)
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
  garbage.flush(pos)
  return pos
}
