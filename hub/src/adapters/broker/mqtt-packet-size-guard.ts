import { Duplex, Transform, pipeline, type TransformCallback } from 'node:stream'

/** MQTT 3.1.1 §2.2.3: the remaining length takes at most four bytes. */
const MAX_LENGTH_BYTES = 4

export interface PacketTooLargeError extends Error {
  readonly code: 'MQTT_PACKET_TOO_LARGE'
}

function packetTooLarge(message: string): PacketTooLargeError {
  return Object.assign(new Error(message), { code: 'MQTT_PACKET_TOO_LARGE' as const })
}

/**
 * Follows MQTT packet boundaries in a byte stream (fixed header: one type byte, then the
 * "remaining length" varint, §2.2) without parsing packets, and fails the stream as soon as a
 * header announces a packet larger than `maxPacketBytes` (or a malformed length), before its
 * body is buffered. aedes has no packet size limit of its own.
 */
class MqttPacketSizeCheck extends Transform {
  readonly #maxPacketBytes: number
  #bodyBytesLeft = 0
  #isInHeader = false
  #lengthValue = 0
  #lengthMultiplier = 1
  #lengthBytes = 0

  constructor(maxPacketBytes: number) {
    super()
    this.#maxPacketBytes = maxPacketBytes
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const problem = this.#scan(chunk)
    if (problem !== null) return callback(problem)
    callback(null, chunk)
  }

  #scan(chunk: Buffer): PacketTooLargeError | null {
    let index = 0
    while (index < chunk.length) {
      if (this.#bodyBytesLeft > 0) {
        const taken = Math.min(this.#bodyBytesLeft, chunk.length - index)
        this.#bodyBytesLeft -= taken
        index += taken
        continue
      }
      if (!this.#isInHeader) {
        this.#isInHeader = true
        this.#lengthValue = 0
        this.#lengthMultiplier = 1
        this.#lengthBytes = 0
        index += 1
        continue
      }
      const byte = chunk[index]!
      index += 1
      this.#lengthValue += (byte & 0x7f) * this.#lengthMultiplier
      this.#lengthMultiplier *= 128
      this.#lengthBytes += 1
      const packetBytes = 1 + this.#lengthBytes + this.#lengthValue
      if (packetBytes > this.#maxPacketBytes) return packetTooLarge(`MQTT packet of at least ${packetBytes} bytes, limit ${this.#maxPacketBytes}`)
      if ((byte & 0x80) === 0) {
        this.#isInHeader = false
        this.#bodyBytesLeft = this.#lengthValue
      } else if (this.#lengthBytes >= MAX_LENGTH_BYTES) {
        return packetTooLarge('malformed MQTT remaining length')
      }
    }
    return null
  }
}

/**
 * The connection as aedes should see it: reads pass through the size check, writes go straight
 * to `connection`. An oversized packet destroys the connection and calls `onTooLarge` once.
 */
export function guardPacketSize(connection: Duplex, maxPacketBytes: number, onTooLarge: (error: PacketTooLargeError) => void): Duplex {
  const check = new MqttPacketSizeCheck(maxPacketBytes)
  pipeline(connection, check, (error) => {
    if ((error as Partial<PacketTooLargeError> | null | undefined)?.code === 'MQTT_PACKET_TOO_LARGE') onTooLarge(error as PacketTooLargeError)
  })
  return Duplex.from({ readable: check, writable: connection })
}
