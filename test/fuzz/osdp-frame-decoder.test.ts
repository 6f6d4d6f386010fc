import t from 'tap'
import { decodeOsdpCommand, encodeOsdpCommand, type OsdpCommand } from '../../protocol/osdp/osdp-commands.js'
import { encodeOsdpFrame, type OsdpFrame } from '../../protocol/osdp/osdp-frame.js'
import { OsdpFrameDecoder } from '../../protocol/osdp/osdp-frame-decoder.js'
import { decodeOsdpReply, encodeOsdpReply, type OsdpReply } from '../../protocol/osdp/osdp-replies.js'
import { SecureChannelSession } from '../../protocol/osdp/secure-channel-session.js'
import { deriveSessionKeys, SCBK_D } from '../../protocol/osdp/secure-channel-crypto.js'
import type { ByteFuzzer } from './byte-fuzzer.js'
import { fuzzStreamDecoder } from './fuzz-stream-decoder.js'

const INTER_BYTE_TIMEOUT_MS = 20
const MAX_PACKET = 256

const commands: OsdpCommand[] = [
  { type: 'POLL' },
  { type: 'ID' },
  { type: 'OUT', outputs: [{ output: 0, action: 'temporary-on', timerMs: 3000 }] },
  { type: 'BUZ', reader: 0, tone: 'default', onMs: 200, offMs: 200, count: 1 },
  { type: 'TEXT', reader: 0, command: 'permanent', temporarySeconds: 0, row: 0, column: 0, text: 'HELLO' },
  { type: 'CHLNG', rndA: Buffer.alloc(8, 0xb0) },
]
const replies: OsdpReply[] = [
  { type: 'ACK' },
  { type: 'NAK', reason: 'SEQUENCE_NUMBER', detail: Buffer.alloc(0) },
  { type: 'RAW', reader: 0, format: 'wiegand', bitCount: 26, data: Buffer.from([0xea, 0x0d, 0xc0, 0x80]) },
  { type: 'KEYPAD', reader: 0, keys: '1234#' },
  { type: 'LSTATR', isTampered: true, hasPowerFailure: false },
]
const session = new SecureChannelSession(deriveSessionKeys(SCBK_D, Buffer.alloc(8, 1)), Buffer.alloc(16, 2))

function validPacket(fuzzer: ByteFuzzer): Buffer {
  const isReply = fuzzer.chance(0.5)
  const { code, data } = isReply ? encodeOsdpReply(fuzzer.pick(replies)) : encodeOsdpCommand(fuzzer.pick(commands))
  const addressing = {
    address: fuzzer.int(0x80),
    sequence: fuzzer.int(4),
    integrity: fuzzer.chance(0.8) ? ('crc' as const) : ('checksum' as const),
    hasMark: fuzzer.chance(0.7),
  }
  if (fuzzer.chance(0.15)) return session.sealCommand({ code, data }, addressing)
  return encodeOsdpFrame({ ...addressing, isReply, code, data })
}

function wireLength(frame: OsdpFrame): number {
  return (frame.hasMark ? 1 : 0) + frame.macInput.length + (frame.mac?.length ?? 0) + (frame.integrity === 'crc' ? 2 : 1)
}

function decodeAlone(bytes: Buffer): OsdpFrame[] {
  return new OsdpFrameDecoder({ maxPacketLength: MAX_PACKET }).push(bytes, 0).frames
}

t.test('the OSDP decoder survives 120,000 random and mutated inputs and accounts for every byte', async (t) => {
  const report = fuzzStreamDecoder<OsdpFrame>({
    seed: 0x05d9,
    inputs: 120_000,
    maxBufferedBytes: MAX_PACKET + 1,
    interByteTimeoutMs: INTER_BYTE_TIMEOUT_MS,
    makeDecoder: () => new OsdpFrameDecoder({ maxPacketLength: MAX_PACKET, interByteTimeoutMs: INTER_BYTE_TIMEOUT_MS }),
    makeInput: (fuzzer) => {
      switch (fuzzer.int(4)) {
        case 0: {
          const packets = Array.from({ length: 1 + fuzzer.int(4) }, () => validPacket(fuzzer))
          const bytes = Buffer.concat(packets)
          return { bytes, expectedFrames: packets.flatMap(decodeAlone) }
        }
        case 1:
          return { bytes: fuzzer.mutate(Buffer.concat([validPacket(fuzzer), validPacket(fuzzer)])) }
        case 2:
          return { bytes: Buffer.concat([fuzzer.bytes(fuzzer.int(20)), validPacket(fuzzer), fuzzer.bytes(fuzzer.int(20))]) }
        default:
          return { bytes: fuzzer.bytes(fuzzer.int(300)) }
      }
    },
    frameBytes: (frames) => frames.reduce((sum, frame) => sum + wireLength(frame), 0),
    frameProblem: (frame) => {
      try {
        if (frame.address > 0x7f) return `address ${frame.address} out of range`
        if (frame.isReply) decodeOsdpReply(frame.code, frame.data)
        else decodeOsdpCommand(frame.code, frame.data)
        if (frame.mac !== undefined) session.openCommand(frame)
        return null
      } catch (error) {
        return `message decoding threw ${String(error)}`
      }
    },
  })
  t.same(report.failures, [])
  t.ok(report.frames > 50_000, `decoded ${report.frames} frames`)
  t.ok((report.errorsByCode.BAD_CRC ?? 0) > 0 && (report.errorsByCode.GARBAGE ?? 0) > 0, JSON.stringify(report.errorsByCode))
})

t.test('message decoders never throw on 100,000 random payloads', async (t) => {
  const { ByteFuzzer } = await import('./byte-fuzzer.js')
  const fuzzer = new ByteFuzzer(0x0ad0)
  let failures = 0
  for (let i = 0; i < 100_000; i++) {
    const code = fuzzer.chance(0.8) ? 0x40 + fuzzer.int(0x40) : fuzzer.int(256)
    const data = fuzzer.bytes(fuzzer.int(40))
    try {
      decodeOsdpCommand(code, data)
      decodeOsdpReply(code, data)
    } catch {
      failures++
    }
  }
  t.equal(failures, 0)
})
