import { decodeError, type DecodeError, type DecodeResult, type StreamDecoder } from '../decode-result.js'
import { osdpChecksum8, osdpCrc16 } from './osdp-check.js'
import { OSDP_MARK, OSDP_SOM } from './osdp-codes.js'
import { parseOsdpPacket, type OsdpFrame } from './osdp-frame.js'

export interface OsdpFrameDecoderOptions {
  /** Largest packet accepted, SOM through check bytes. OSDP v2.2 allows 1440. */
  readonly maxPacketLength?: number
  /** A partial packet older than this on a silent line is discarded (OSDP v2.2: nominal 20 ms). */
  readonly interByteTimeoutMs?: number
}

const CTRL_CRC = 0x04
const HEADER_LENGTH = 5

/**
 * Resyncing OSDP packet decoder. Scans for SOM (with or without the 0xFF mark); on a bad length
 * or check it rescans the taken bytes for the next SOM instead of dropping them, as libosdp's
 * `phy_rescan_packet_buf` does, so one corrupt packet never swallows the good one behind it.
 */
export class OsdpFrameDecoder implements StreamDecoder<OsdpFrame> {
  readonly #maxPacketLength: number
  readonly #interByteTimeoutMs: number
  #buffer: Buffer = Buffer.alloc(0)
  #lastByteAtMs = 0

  constructor(options: OsdpFrameDecoderOptions = {}) {
    this.#maxPacketLength = options.maxPacketLength ?? 1440
    this.#interByteTimeoutMs = options.interByteTimeoutMs ?? 20
  }

  get bufferedBytes(): number {
    return this.#buffer.length
  }

  push(chunk: Uint8Array, nowMs: number): DecodeResult<OsdpFrame> {
    const errors: DecodeError[] = this.#expireStale(nowMs)
    const frames: OsdpFrame[] = []
    if (chunk.length === 0) return { frames, errors }
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk])
    this.#lastByteAtMs = nowMs
    const consumed = this.#scan(frames, errors)
    this.#buffer = Buffer.from(this.#buffer.subarray(consumed))
    return { frames, errors }
  }

  expire(nowMs: number): DecodeResult<OsdpFrame> {
    return { frames: [], errors: this.#expireStale(nowMs) }
  }

  #expireStale(nowMs: number): DecodeError[] {
    if (this.#buffer.length === 0 || nowMs - this.#lastByteAtMs < this.#interByteTimeoutMs) return []
    const stale = this.#buffer
    this.#buffer = Buffer.alloc(0)
    return [decodeError('PARTIAL_TIMEOUT', `partial packet of ${stale.length} bytes timed out`, stale)]
  }

  /** Decodes every complete packet in the buffer; returns how many bytes were consumed. */
  #scan(frames: OsdpFrame[], errors: DecodeError[]): number {
    const buf = this.#buffer
    let pos = 0
    let garbageStart = -1
    const flushGarbage = (end: number): void => {
      if (garbageStart < 0) return
      const bytes = buf.subarray(garbageStart, end)
      errors.push(decodeError('GARBAGE', `${bytes.length} bytes outside any packet`, bytes))
      garbageStart = -1
    }
    while (pos < buf.length) {
      const byte = buf[pos]!
      if (byte !== OSDP_SOM && byte !== OSDP_MARK) {
        if (garbageStart < 0) garbageStart = pos
        pos++
        continue
      }
      const hasMark = byte === OSDP_MARK
      if (hasMark && pos + 1 >= buf.length) break
      if (hasMark && buf[pos + 1] !== OSDP_SOM) {
        if (garbageStart < 0) garbageStart = pos
        pos++
        continue
      }
      const som = hasMark ? pos + 1 : pos
      if (buf.length - som < HEADER_LENGTH) break
      const length = buf.readUInt16LE(som + 2)
      const isCrc = (buf[som + 4]! & CTRL_CRC) !== 0
      if (length < (isCrc ? 8 : 7) || length > this.#maxPacketLength) {
        flushGarbage(pos)
        errors.push(decodeError('BAD_LENGTH', `packet length ${length} is out of range`, buf.subarray(pos, som + 1)))
        pos = som + 1
        continue
      }
      if (buf.length - som < length) break
      flushGarbage(pos)
      const end = som + length
      if (!hasValidCheck(buf, som, end, isCrc)) {
        const next = nextCandidate(buf, som + 1, end)
        const code = isCrc ? 'BAD_CRC' : 'BAD_CHECKSUM'
        errors.push(decodeError(code, `packet ${code === 'BAD_CRC' ? 'CRC' : 'checksum'} mismatch`, buf.subarray(pos, next)))
        pos = next
        continue
      }
      const parsed = parseOsdpPacket(buf.subarray(som, end), hasMark)
      if (parsed.ok) frames.push(parsed.frame)
      else errors.push(decodeError(parsed.code, parsed.message, buf.subarray(pos, end)))
      pos = end
    }
    flushGarbage(pos)
    return pos
  }
}

function hasValidCheck(buf: Buffer, som: number, end: number, isCrc: boolean): boolean {
  if (isCrc) return osdpCrc16(buf, som, end - 2) === buf.readUInt16LE(end - 2)
  return osdpChecksum8(buf, som, end - 1) === buf[end - 1]
}

/** The next place a packet could start (mark or SOM), or `end` if there is none before it. */
function nextCandidate(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === OSDP_SOM || buf[i] === OSDP_MARK) return i
  return end
}
