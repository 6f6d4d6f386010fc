/**
 * OSDP integrity checks. CRC-16/AUG-CCITT: poly 0x1021, init 0x1D0F, no reflection, no xorout
 * (libosdp `osdp_compute_crc16`); sent LSB first. The 8-bit checksum is the two's complement of
 * the byte sum, used by panels and readers that predate CRC support.
 */
const CRC_TABLE = buildCrcTable()

function buildCrcTable(): Uint16Array {
  const table = new Uint16Array(256)
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    table[byte] = crc
  }
  return table
}

export function osdpCrc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0x1d0f
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!
  return crc
}

export function osdpChecksum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0
  for (let i = start; i < end; i++) sum += bytes[i]!
  return -sum & 0xff
}
