import { decodeError, type DecodeError, type DecodeResult, type StreamDecoder } from '../decode-result.js'
import { GarbageRun } from '../garbage-run.js'
import { PendingBytes } from '../pending-bytes.js'
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
  readonly #pending: PendingBytes

  constructor(options: OsdpFrameDecoderOptions = {}) {
    this.#maxPacketLength = options.maxPacketLength ?? 1440
    this.#pending = new PendingBytes(options.interByteTimeoutMs ?? 20, 'packet')
  }

  get bufferedBytes(): number {
    return this.#pending.length
  }

  push(chunk: Uint8Array, nowMs: number): DecodeResult<OsdpFrame> {
    const errors = this.#pending.expireStale(nowMs)
    const frames: OsdpFrame[] = []
    if (chunk.length === 0) return { frames, errors }
    const bytes = this.#pending.append(chunk, nowMs)
    this.#pending.keep(bytes, this.#scan(bytes, frames, errors))
    return { frames, errors }
  }

  expire(nowMs: number): DecodeResult<OsdpFrame> {
    return { frames: [], errors: this.#pending.expireStale(nowMs) }
  }

  /** Decodes every complete packet in `buf`; returns how many bytes were consumed. */
  #scan(buf: Buffer, frames: OsdpFrame[], errors: DecodeError[]): number {
    let pos = 0
    const garbage = new GarbageRun(buf, 'packet', errors)
    while (pos < buf.length) {
      const byte = buf[pos]!
      if (byte !== OSDP_SOM && byte !== OSDP_MARK) {
        garbage.add(pos)
        pos++
        continue
      }
      const hasMark = byte === OSDP_MARK
      if (hasMark && pos + 1 >= buf.length) break
      if (hasMark && buf[pos + 1] !== OSDP_SOM) {
        garbage.add(pos)
        pos++
        continue
      }
      const som = hasMark ? pos + 1 : pos
      if (buf.length - som < HEADER_LENGTH) break
      const length = buf.readUInt16LE(som + 2)
      const isCrc = (buf[som + 4]! & CTRL_CRC) !== 0
      if (length < (isCrc ? 8 : 7) || length > this.#maxPacketLength) {
        garbage.flush(pos)
        errors.push(decodeError('BAD_LENGTH', `packet length ${length} is out of range`, buf.subarray(pos, som + 1)))
        pos = som + 1
        continue
      }
      if (buf.length - som < length) break
      garbage.flush(pos)
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
    garbage.flush(pos)
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
