import { encodeOsdpCommand } from '../protocol/osdp/osdp-commands.js'
import { encodeOsdpFrame } from '../protocol/osdp/osdp-frame.js'
import { OsdpFrameDecoder } from '../protocol/osdp/osdp-frame-decoder.js'
import { encodeOsdpReply } from '../protocol/osdp/osdp-replies.js'
import { deriveSessionKeys, SCBK_D } from '../protocol/osdp/secure-channel-crypto.js'
import { SecureChannelSession } from '../protocol/osdp/secure-channel-session.js'
import { encodeThermometerFrame } from '../protocol/thermometer/thermometer-frame.js'
import { ThermometerFrameDecoder } from '../protocol/thermometer/thermometer-frame-decoder.js'
import { encodeQrLine } from '../protocol/qr/qr-line.js'
import { QrLineDecoder } from '../protocol/qr/qr-line-decoder.js'
import { measureRate } from './measure-rate.js'

/** 8N1 serial: 10 bits on the line per byte. */
const BYTES_PER_S_AT_115200 = 115_200 / 10

/** A realistic bus: mostly POLL/ACK pairs, some card reads and LED commands. */
function osdpTraffic(): { bytes: Buffer; frames: number } {
  const addressing = { address: 1, sequence: 1, integrity: 'crc' as const, hasMark: true }
  const frame = (isReply: boolean, message: { code: number; data: Buffer }) =>
    encodeOsdpFrame({ ...addressing, isReply, ...message })
  const poll = frame(false, encodeOsdpCommand({ type: 'POLL' }))
  const ack = frame(true, encodeOsdpReply({ type: 'ACK' }))
  const raw = frame(true, encodeOsdpReply({ type: 'RAW', reader: 0, format: 'wiegand', bitCount: 26, data: Buffer.from('ea0dc080', 'hex') }))
  const out = frame(false, encodeOsdpCommand({ type: 'OUT', outputs: [{ output: 0, action: 'temporary-on', timerMs: 3000 }] }))
  const pattern = [poll, ack, poll, ack, poll, ack, poll, raw, out, ack]
  const packets = Array.from({ length: 100 }, () => pattern).flat()
  return { bytes: Buffer.concat(packets), frames: packets.length }
}

/** Feeds the stream in 64-byte chunks, as a serial port delivers it. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = []
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size))
  return chunks
}

export function protocolBenchmarks(durationMs: number): Record<string, number> {
  const traffic = osdpTraffic()
  const chunks = chunked(traffic.bytes, 64)
  const decoder = new OsdpFrameDecoder()
  let decoded = 0
  const osdpRate = measureRate(
    () => {
      for (const chunk of chunks) decoded += decoder.push(chunk, 0).frames.length
    },
    traffic.frames,
    durationMs,
  )
  if (decoded === 0) throw new Error('the OSDP benchmark decoded nothing')
  const lineFramesPerS = BYTES_PER_S_AT_115200 / (traffic.bytes.length / traffic.frames)

  const session = new SecureChannelSession(deriveSessionKeys(SCBK_D, Buffer.alloc(8, 1)), Buffer.alloc(16, 2))
  const led = encodeOsdpCommand({ type: 'BUZ', reader: 0, tone: 'default', onMs: 100, offMs: 100, count: 1 })
  const sealRate = measureRate(() => session.sealCommand(led, { address: 1, sequence: 1, integrity: 'crc', hasMark: true }), 1, durationMs)

  const thermometerStream = Buffer.concat(Array.from({ length: 500 }, (_, i) => encodeThermometerFrame({ objectCelsius: 36 + (i % 10) / 10, ambientCelsius: 22 })))
  const thermometerChunks = chunked(thermometerStream, 9 * 4)
  const thermometerDecoder = new ThermometerFrameDecoder()
  const thermometerRate = measureRate(() => {
    for (const chunk of thermometerChunks) thermometerDecoder.push(chunk, 0)
  }, 500, durationMs)

  const qrStream = Buffer.concat(Array.from({ length: 200 }, (_, i) => encodeQrLine(`GH1.resident-${i}.1700000000.${'A'.repeat(86)}`)))
  const qrChunks = chunked(qrStream, 64)
  const qrDecoder = new QrLineDecoder()
  const qrRate = measureRate(() => {
    for (const chunk of qrChunks) qrDecoder.push(chunk, 0)
  }, 200, durationMs)

  return {
    'protocol.osdp.decode_frames_per_s': Math.round(osdpRate),
    'protocol.osdp.decode_ratio_vs_line_rate_115200': Math.round((osdpRate / lineFramesPerS) * 10) / 10,
    'protocol.osdp.sc_seal_per_s': Math.round(sealRate),
    'protocol.thermometer.decode_frames_per_s': Math.round(thermometerRate),
    'protocol.qr.decode_lines_per_s': Math.round(qrRate),
  }
}
