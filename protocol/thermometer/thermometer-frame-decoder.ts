import { decodeError, type DecodeError, type DecodeResult, type StreamDecoder } from '../decode-result.js'
import { GarbageRun } from '../garbage-run.js'
import { toHex } from '../hex.js'
import { PendingBytes } from '../pending-bytes.js'
import {
  THERMOMETER_FRAME_DATA_LENGTH,
  THERMOMETER_FRAME_HEADER,
  THERMOMETER_FRAME_LENGTH,
  THERMOMETER_FRAME_TYPE,
  isThermometerReadingInRange,
  readThermometerFrame,
  thermometerFrameSum,
  type ThermometerReading,
} from './thermometer-frame.js'

export interface ThermometerFrameDecoderOptions {
  /** A partial frame older than this on a silent line is discarded. */
  readonly interByteTimeoutMs?: number
}

type CandidateCheck = 'complete' | 'partial' | 'garbage' | { readonly code: string; readonly message: string }

/**
 * Resyncing GY-MCU90614 frame decoder (reference §3 "Parser"): finds `5A 5A`, checks type and
 * length, verifies the sum, and on any mismatch slides ONE byte, so a corrupt frame never
 * swallows a good one that starts inside it. Holds at most eight bytes. A partial frame is
 * PARTIAL_TIMEOUT once `interByteTimeoutMs` passed since its last byte: on expire(), or before the
 * next chunk is decoded.
 */
export class ThermometerFrameDecoder implements StreamDecoder<ThermometerReading> {
  readonly #pending: PendingBytes

  constructor(options: ThermometerFrameDecoderOptions = {}) {
    this.#pending = new PendingBytes(options.interByteTimeoutMs ?? 50, 'frame')
  }

  get bufferedBytes(): number {
    return this.#pending.length
  }

  push(chunk: Uint8Array, nowMs: number): DecodeResult<ThermometerReading> {
    const errors = this.#pending.expireStale(nowMs)
    const frames: ThermometerReading[] = []
    if (chunk.length === 0) return { frames, errors }
    const bytes = this.#pending.append(chunk, nowMs)
    this.#pending.keep(bytes, scanFrames(bytes, frames, errors))
    return { frames, errors }
  }

  expire(nowMs: number): DecodeResult<ThermometerReading> {
    return { frames: [], errors: this.#pending.expireStale(nowMs) }
  }
}

/** Decodes every complete frame in `buf`; returns how many bytes were consumed. */
function scanFrames(buf: Buffer, frames: ThermometerReading[], errors: DecodeError[]): number {
  let pos = 0
  const garbage = new GarbageRun(buf, 'frame', errors)
  while (pos < buf.length) {
    const check = checkCandidate(buf, pos)
    if (check === 'partial') break
    if (check === 'garbage') {
      garbage.add(pos)
      pos++
      continue
    }
    garbage.flush(pos)
    if (check !== 'complete') {
      errors.push(decodeError(check.code, check.message, buf.subarray(pos, pos + 1)))
      pos++
      continue
    }
    const frame = buf.subarray(pos, pos + THERMOMETER_FRAME_LENGTH)
    const reading = readThermometerFrame(frame)
    if (isThermometerReadingInRange(reading)) {
      frames.push(reading)
    } else {
      const message = `reading ${reading.objectCelsius}/${reading.ambientCelsius} °C out of range in ${toHex(frame)}`
      errors.push(decodeError('OUT_OF_RANGE', message, frame))
    }
    pos += THERMOMETER_FRAME_LENGTH
  }
  garbage.flush(pos)
  return pos
}

/**
 * Whether a frame starts at `pos`: checks each byte that has arrived so far, so a wrong type or
 * length byte is rejected at once instead of after the whole frame's worth of bytes.
 */
function checkCandidate(buf: Buffer, pos: number): CandidateCheck {
  const available = buf.length - pos
  if (buf[pos] !== THERMOMETER_FRAME_HEADER) return 'garbage'
  if (available < 2) return 'partial'
  if (buf[pos + 1] !== THERMOMETER_FRAME_HEADER) return 'garbage'
  if (available < 3) return 'partial'
  if (buf[pos + 2] !== THERMOMETER_FRAME_TYPE) {
    return { code: 'BAD_TYPE', message: `frame type 0x${hexByte(buf[pos + 2])} is not 0x45` }
  }
  if (available < 4) return 'partial'
  if (buf[pos + 3] !== THERMOMETER_FRAME_DATA_LENGTH) {
    return { code: 'BAD_LENGTH', message: `data length 0x${hexByte(buf[pos + 3])} is not 0x04` }
  }
  if (available < THERMOMETER_FRAME_LENGTH) return 'partial'
  const frame = buf.subarray(pos, pos + THERMOMETER_FRAME_LENGTH)
  if (frame[THERMOMETER_FRAME_LENGTH - 1] !== thermometerFrameSum(frame)) {
    return { code: 'BAD_CHECKSUM', message: `bad sum in frame ${toHex(frame)}` }
  }
  return 'complete'
}

function hexByte(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0').toUpperCase()
}
